-- The records a step reads (temp table `wanted`: record_no; every record when $full),
-- each in its newest version as of $day, with the day it was first seen: the row delivered by
-- $day whose record has no later version by then, found by the version columns the loads keep
-- (ingest/record_versions.sql): a filter, without grouping every stored row by record (10M
-- records, a first step: 6.5 s with an aggregate picking each record's newest row and fetching
-- its fields by rowid; 2.3-2.6 s filtered). The same rows as the identity.records_asof macro, with
-- `wanted` inside: filtered afterwards, the macro's rows would all be read first.
-- An incremental step finds its rows on the narrow columns and fetches their fields by rowid:
-- filtered in one scan, every record's fields were read before the join to `wanted` kept 1% of
-- them (10M records, a 1% day: 0.59 s against 0.30 s).
-- `fields` is copied when $copy_fields: the identity step reads them twice (identity/phone_values.sql
-- and identity/key_values.sql), an incremental profile step once from its 1% of records. A full
-- profile step's one reader (profile/attribute_candidates.sql) reads them straight from
-- raw.records (the identity.records_asof macro, the same rows), and the column is empty: at 10M
-- records the copy cost 1.1 of this statement's 2.3 s and held 0.7 GiB more at the step's peak
-- (the whole profile step: 24.7 s against 27.4-27.8 s, two runs each). Read from the stored table
-- in a full identity step, the key values' join to the phones was planned on a fifth of their
-- true count and built its hash table on the 28.9M values instead of the 5.7M phones (12.0 s
-- against 7.2 s).
CREATE OR REPLACE TEMP TABLE records_asof AS
WITH picked AS (
    SELECT rowid AS row_id
    FROM raw.records
    WHERE NOT $full AND day <= $day::DATE AND (next_day IS NULL OR next_day > $day::DATE)
      AND record_no IN (SELECT record_no FROM wanted)
),
versions AS (
    SELECT r.*
    FROM raw.records AS r
    WHERE $full AND r.day <= $day::DATE AND (r.next_day IS NULL OR r.next_day > $day::DATE)
    UNION ALL
    SELECT r.*
    FROM raw.records AS r
    JOIN picked AS p ON p.row_id = r.rowid
)
SELECT r.source, s.kind, r.record_id, r.record_no, CASE WHEN $copy_fields THEN r.fields END AS fields,
       TRY_CAST(r.fields[s.updated_at_field] AS TIMESTAMPTZ) AS record_ts,
       coalesce(r.first_day, r.day) AS first_seen_day, r.day AS last_seen_day
FROM versions AS r
JOIN config.sources AS s ON s.source = r.source AND s.kind IN ('contacts', 'orders');
