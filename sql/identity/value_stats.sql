-- For each value stat_carriers carries: how many current contacts records carry it, and whether a guard
-- stops it from linking (a super-node over the records cap, or a value shared by more distinct
-- values of a stronger key than allowed: one family phone used by two customer ids).
-- Reads the temp view stat_carriers (identity/stat_carriers.sql, or identity/all_stat_carriers.sql
-- in a full step: contacts and orders); the conflicts join back only the rows of the keys that
-- capped keys compare with.
-- Only values held by two or more records can conflict (a record holds one value of each key, and
-- a distinct cap is at least 1): the others' carriers are not joined to the history (10M records:
-- 9.5 -> 7.6 s, the same stats).
-- A full step keeps only the values held by two or more records: a value of one record links
-- nothing and no guard stops it (a records cap is at least 2), and the full step's readers need
-- no row for it (identity/all_link_edges.sql, identity/resolved_orders.sql,
-- identity/insert_skipped_values.sql). At 10M records: 5.6M of 15.6M values.
CREATE OR REPLACE TEMP TABLE value_stats AS
WITH counts AS MATERIALIZED (
    SELECT key, value, count(*) AS records FROM stat_carriers WHERE kind = 'contacts' GROUP BY key, value
),
shared AS (
    SELECT key, value FROM counts WHERE records > 1 AND key IN (SELECT key FROM config.key_caps)
),
shared_carriers AS MATERIALIZED (
    SELECT c.record_no, c.key, c.value
    FROM stat_carriers AS c
    JOIN shared AS s ON s.key = c.key AND s.value = c.value
    WHERE c.kind = 'contacts'
),
other_values AS MATERIALIZED (
    -- the shared values' carriers' values of the keys they are compared with, found by their
    -- records' numbers
    SELECT o.record_no, o.key, o.value
    FROM identity.record_keys_history AS o
    WHERE o.valid_to IS NULL AND o.kind = 'contacts'
      AND o.key IN (SELECT other_key FROM config.key_caps)
      AND o.record_no IN (SELECT record_no FROM shared_carriers)
),
conflicts AS (
    SELECT c.key, c.value, k.other_key
    FROM shared_carriers AS c
    JOIN config.key_caps AS k ON k.key = c.key
    JOIN other_values AS o
      ON o.record_no = c.record_no AND o.key = k.other_key
    GROUP BY c.key, c.value, k.other_key, k.max_distinct
    HAVING count(DISTINCT o.value) > k.max_distinct
)
SELECT n.key, n.value, n.records,
       CASE
           WHEN n.records > k.cap_records THEN 'over_records_cap'
           WHEN x.other_key IS NOT NULL THEN 'conflicting_' || x.other_key
       END AS skip_reason
FROM counts AS n
JOIN config.keys AS k ON k.key = n.key
LEFT JOIN (SELECT key, value, min(other_key) AS other_key FROM conflicts GROUP BY key, value) AS x
       ON x.key = n.key AND x.value = n.value
WHERE n.records > 1 OR NOT $full;
