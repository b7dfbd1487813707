-- The contacts records whose profile this step recomputes, each named by its record's number (the
-- number only names the node: identity/resolved_contacts.sql finds each component's oldest record).
-- Incremental: every member of a profile that holds a record whose key values changed, a carrier
-- of a value whose carriers changed (unless that value was over a cap before and still is), or an
-- erased record; plus records seen for the first time. A value that links two records links them
-- before and after unless it was touched, so no component reaches beyond these profiles.
-- (A full step takes every record: identity/all_nodes.sql.)
CREATE OR REPLACE TEMP TABLE nodes AS
WITH still_capped AS (
    SELECT s.key, s.value FROM value_stats AS s
    WHERE s.skip_reason IS NOT NULL
      AND (s.key, s.value) IN (
          SELECT key, value FROM identity.skipped_values_daily
          WHERE day = $prev::DATE AND reason NOT IN ('invalid', 'blocklisted')
      )
),
seeds AS (
    SELECT record_no FROM key_diff WHERE kind = 'contacts'
    UNION
    SELECT record_no FROM erased WHERE kind = 'contacts'
    UNION
    SELECT c.record_no
    FROM carriers AS c  -- the touched values' carriers (identity/carriers.sql)
    WHERE c.kind = 'contacts' AND (c.key, c.value) NOT IN (SELECT key, value FROM still_capped)
),
read_contacts AS (
    SELECT source, record_id, record_no, first_seen_day FROM records_asof WHERE kind = 'contacts'
),
-- one scan: the current profile of every seed and of every contacts record read (one IN over a
-- UNION ALL: two ORed IN lists cost two mark joins over every stored row), by record number
looked_up AS (
    SELECT record_no FROM seeds
    UNION ALL
    SELECT record_no FROM read_contacts
),
found AS MATERIALIZED (
    SELECT h.record_no, h.profile_no
    FROM identity.record_profiles_history AS h
    WHERE h.valid_to IS NULL AND h.record_no IN (SELECT record_no FROM looked_up)
),
affected AS (
    SELECT DISTINCT profile_no FROM found WHERE record_no IN (SELECT record_no FROM seeds)
),
members AS (
    -- by the profile's number (the record's id, which picks the oldest record, from its number)
    SELECT h.source, n.record_id, h.record_no, h.first_seen_day
    FROM identity.record_profiles_history AS h
    JOIN raw.record_numbers AS n ON n.record_no = h.record_no
    WHERE h.valid_to IS NULL AND h.kind = 'contacts'
      AND h.profile_no IN (SELECT profile_no FROM affected)
    UNION ALL
    -- records read that are seeds or have no profile yet
    SELECT r.source, r.record_id, r.record_no, r.first_seen_day
    FROM read_contacts AS r
    WHERE r.record_no IN (SELECT record_no FROM seeds)
       OR r.record_no NOT IN (SELECT record_no FROM found)
)
SELECT any_value(source) AS source, any_value(record_id) AS record_id, min(first_seen_day) AS first_seen_day,
       record_no AS node
FROM members
WHERE record_no NOT IN (SELECT record_no FROM erased)
GROUP BY record_no;
