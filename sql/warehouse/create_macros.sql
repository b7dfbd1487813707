-- The newest version of every contacts and orders record delivered up to day d, with the day the
-- record was first seen: a record's age decides which profile id survives a merge.
CREATE OR REPLACE MACRO identity.records_asof(d) AS TABLE
SELECT
    r.source,
    s.kind,
    r.record_id,
    r.fields,
    TRY_CAST(r.fields[s.updated_at_field] AS TIMESTAMPTZ) AS record_ts,
    min(r.day) OVER (PARTITION BY r.source, r.record_id) AS first_seen_day,
    r.day AS last_seen_day
FROM raw.records AS r
JOIN config.sources AS s ON s.source = r.source AND s.kind IN ('contacts', 'orders')
WHERE r.day <= d
QUALIFY row_number() OVER (
    PARTITION BY r.source, r.record_id ORDER BY r.day DESC, r.file_name DESC, r.line_no DESC
) = 1;
