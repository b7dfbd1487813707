-- Every candidate value of every profile attribute as of $day: from a canonical field or from an
-- identity key's usable normalised value (as the identity step stored it), limited to the attribute's
-- sources, with codes mapped to labels (`unmapped_code`: a code its value map has no label for;
-- its `value` is NULL); `members`: how many of the records read (all of each recomputed profile's,
-- profile/member_records.sql) the profile holds: with one, each attribute has at most one candidate.
-- Attributes taken from the records' own timestamps (attribute_inputs.stamp) have no candidates:
-- their survivors are read from profile/profile_records.sql (at 10M records, 20.8M fewer rows
-- here; candidates + survivors 87 -> 57 s, with the same 38.1M survivors).
-- The table is narrow on purpose (35M rows at 10M records): the attribute's rule and type are
-- joined from config where they are used, and only the (source, attribute) pairs that can give a
-- value are read (profile/attribute_inputs.sql), instead of looking every attribute's field up in
-- every record.
CREATE OR REPLACE TEMP TABLE attribute_candidates AS
WITH records AS (
    -- a full step's records' fields from raw.records, an incremental step's from records_asof
    -- (identity/records_wanted.sql)
    SELECT source, kind, record_no, record_ts, fields FROM identity.records_asof($day::DATE) WHERE $full
    UNION ALL
    SELECT source, kind, record_no, record_ts, fields FROM records_asof WHERE NOT $full
),
field_values AS MATERIALIZED (
    -- each record's field values, read out of its fields map before the join to its profile:
    -- joined first, the map travelled through that join for every (record, attribute) pair
    -- (10M records, two pairs of runs: 62 / 79 s -> 59 / 50 s, 17.0 -> 14.8 GiB peak)
    SELECT * FROM (
        SELECT r.source, r.record_no, i.attribute,
               CASE WHEN i.field = 'record_updated_at' THEN profile.timestamp_text(r.record_ts)
                    ELSE r.fields[i.field] END AS value
        FROM records AS r
        JOIN attribute_inputs AS i ON i.source = r.source AND i.field IS NOT NULL AND NOT i.stamp
        WHERE r.kind = 'contacts'
    )
    WHERE trim(value) <> ''  -- NULL (no such field) too: see identity/key_values.sql
),
from_fields AS (
    SELECT rp.profile_no, rp.members, rp.recency, v.attribute, v.source, v.record_no, rp.record_ts,
           v.value
    FROM field_values AS v
    JOIN profile_records AS rp ON rp.record_no = v.record_no
),
key_rows AS (
    -- the key rows valid on $day: a full step's, all; an incremental step's, those of the records
    -- read, found by their numbers
    SELECT source, record_no, key, value
    FROM identity.record_keys_history
    WHERE $full AND kind = 'contacts' AND valid_from <= $day AND (valid_to IS NULL OR valid_to > $day)
    UNION ALL
    SELECT source, record_no, key, value
    FROM identity.record_keys_history
    WHERE NOT $full AND kind = 'contacts' AND valid_from <= $day AND (valid_to IS NULL OR valid_to > $day)
      AND record_no IN (SELECT record_no FROM profile_records WHERE NOT $full)
),
from_keys AS (
    SELECT rp.profile_no, rp.members, rp.recency, i.attribute, k.source, rp.record_no, rp.record_ts, k.value
    FROM key_rows AS k
    JOIN profile_records AS rp ON rp.record_no = k.record_no
    JOIN attribute_inputs AS i ON i.key = k.key AND i.source = k.source
),
candidates AS (
    SELECT * FROM from_fields
    UNION ALL
    SELECT * FROM from_keys
)
SELECT c.profile_no, c.members, c.recency, c.attribute, c.source, c.record_no, c.record_ts,
       CASE WHEN i.value_map IS NULL THEN c.value ELSE i.labels[lower(trim(c.value))] END AS value,
       CASE WHEN i.value_map IS NOT NULL AND NOT coalesce(map_contains(i.labels, lower(trim(c.value))), false)
            THEN c.value END AS unmapped_code,
       i.source_priority, i.source_position
FROM candidates AS c
JOIN attribute_inputs AS i ON i.attribute = c.attribute AND i.source = c.source;
