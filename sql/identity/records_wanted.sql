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
-- `fields` is an incremental step's only: a full step's readers of fields
-- (identity/phone_values.sql, identity/key_values.sql, profile/attribute_candidates.sql) read them
-- straight from raw.records (the identity.records_asof macro, the same rows), and the column is
-- empty. At 10M records the copy cost 1.1 of this statement's 2.3 s, and held 0.7 GiB more at
-- the profile step's peak (that step: 24.7 s against 27.4-27.8 s, two runs each); the readers
-- took as long as from the copy.
-- `record_ts` only when $timestamps: the identity step reads none, and a full one then reads no
-- fields at all here.
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
SELECT r.source, s.kind, r.record_id, r.record_no, CASE WHEN NOT $full THEN r.fields END AS fields,
       CASE WHEN $timestamps THEN TRY_CAST(r.fields[s.updated_at_field] AS TIMESTAMPTZ) END AS record_ts,
       coalesce(r.first_day, r.day) AS first_seen_day, r.day AS last_seen_day
FROM versions AS r
JOIN config.sources AS s ON s.source = r.source AND s.kind IN ('contacts', 'orders');
