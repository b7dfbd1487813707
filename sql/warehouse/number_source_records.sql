-- Number the records of sources $sources that have none yet (a warehouse from before record
-- numbers, a new source, or a feed that became a contacts or orders source), as
-- ingest/number_file_records.sql does file by file, and write the numbers on their rows.
INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT source, record_id,
       (SELECT coalesce(max(record_no), 0) FROM raw.record_numbers)
           + row_number() OVER (ORDER BY source, record_id)
FROM (
    SELECT DISTINCT source, record_id FROM raw.records
    WHERE record_no IS NULL AND source IN (SELECT unnest($sources::VARCHAR[]))
) AS r
WHERE (source, record_id) NOT IN (SELECT source, record_id FROM raw.record_numbers);
UPDATE raw.records AS r
SET record_no = n.record_no
FROM raw.record_numbers AS n
WHERE r.record_no IS NULL AND r.source IN (SELECT unnest($sources::VARCHAR[]))
  AND n.source = r.source AND n.record_id = r.record_id;
