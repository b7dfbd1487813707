-- The records a step reads (temp table `wanted`: source, record_id; every record when $full),
-- each in its newest version as of $day, with the day it was first seen.
-- The newest version is found on the narrow columns (one aggregate per record, no sort) and its
-- fields fetched by rowid: a window carrying every version's fields took 16 of 26 s at 10M records.
-- The same aggregate as the identity.records_asof macro, with `wanted` inside it: the macro's rows
-- filtered by `wanted` aggregate every stored record first (10M records, an incremental day: 0.28 s
-- here, 1.9-2.4 s through the macro).
CREATE OR REPLACE TEMP TABLE records_asof AS
WITH newest AS (
    -- versions in delivery order: file by file (identity.file_places), line by line
    SELECT r.source, r.record_id, arg_max(r.rowid, f.place * 4294967296 + r.line_no) AS row_id,
           min(r.day) AS first_seen_day
    FROM raw.records AS r
    JOIN identity.file_places($day::DATE) AS f ON f.day = r.day AND f.file_name = r.file_name
    WHERE r.day <= $day::DATE
      AND r.source IN (SELECT source FROM config.sources WHERE kind IN ('contacts', 'orders'))
      AND ($full OR (r.source, r.record_id) IN (SELECT source, record_id FROM wanted))
    GROUP BY r.source, r.record_id
)
SELECT r.source, s.kind, r.record_id, r.fields,
       TRY_CAST(r.fields[s.updated_at_field] AS TIMESTAMPTZ) AS record_ts,
       n.first_seen_day, r.day AS last_seen_day
FROM raw.records AS r
JOIN newest AS n ON n.row_id = r.rowid
JOIN config.sources AS s ON s.source = r.source;
