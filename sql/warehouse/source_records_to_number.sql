-- The records of sources $sources that have no number yet (a warehouse from before record numbers,
-- a new source, or a feed that became a contacts or orders source), for numbering
-- (ingest/number_records.sql); warehouse/number_source_records.sql then writes the numbers on
-- their rows.
CREATE OR REPLACE TEMP TABLE to_number AS
SELECT DISTINCT source, record_id FROM raw.records
WHERE record_no IS NULL AND source IN (SELECT unnest($sources::VARCHAR[]));
