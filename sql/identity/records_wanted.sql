-- The records a step reads (temp table `wanted`: source, record_id; every record when $full),
-- each in its newest version as of $day, with the day it was first seen.
CREATE OR REPLACE TEMP TABLE records_asof AS
SELECT r.source, s.kind, r.record_id, r.fields,
       TRY_CAST(r.fields[s.updated_at_field] AS TIMESTAMPTZ) AS record_ts,
       min(r.day) OVER (PARTITION BY r.source, r.record_id) AS first_seen_day,
       r.day AS last_seen_day
FROM raw.records AS r
JOIN config.sources AS s ON s.source = r.source AND s.kind IN ('contacts', 'orders')
WHERE r.day <= $day::DATE
  AND ($full OR (r.source, r.record_id) IN (SELECT source, record_id FROM wanted))
QUALIFY row_number() OVER (
    PARTITION BY r.source, r.record_id ORDER BY r.day DESC, r.file_name DESC, r.line_no DESC
) = 1;
