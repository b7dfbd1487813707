-- Number the records of bench_new that have none yet, as the ingest step does for each file of a
-- contacts or orders source (ingest/number_file_records.sql): here one file a source.
INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT b.source, b.record_id,
       (SELECT coalesce(max(record_no), 0) FROM raw.record_numbers)
           + row_number() OVER (ORDER BY b.source, b.record_id)
FROM (SELECT DISTINCT source, record_id FROM bench_new) AS b
WHERE NOT EXISTS (
    SELECT 1 FROM raw.record_numbers AS n WHERE n.source = b.source AND n.record_id = b.record_id
);
