-- The records the bench delivered on $day, whose version columns the load keeps (as the ingest
-- step does file by file: ingest/record_versions.sql).
INSERT INTO versioned
SELECT DISTINCT source, record_id FROM raw.records WHERE day = $day;
