-- The records of one loaded file: read before its rows are replaced and again after.
INSERT INTO versioned
SELECT DISTINCT source, record_id FROM raw.records
WHERE source = $source AND day = $day AND file_name = $file_name;
