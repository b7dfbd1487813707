-- The records of sources $sources whose version columns are to be filled: those delivered more
-- than once, and any whose columns are set (the others' stay NULL: a single version is its own
-- first and newest). Into temp table versioned, for ingest/record_versions.sql.
INSERT INTO versioned
SELECT source, record_id FROM raw.records
WHERE source IN (SELECT unnest($sources::VARCHAR[]))
GROUP BY source, record_id
HAVING count(*) > 1 OR count(first_day) > 0 OR count(next_day) > 0;
