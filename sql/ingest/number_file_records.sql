-- Number the records of one parsed file of a contacts or orders source (`incoming`) that have no
-- number yet (raw.record_numbers): after the largest so far, in record id order. Run before the
-- file's rows are inserted (ingest/insert_raw_records.sql looks their numbers up).
-- NOT EXISTS, not NOT IN: a 1,000-line file against 10.4M numbered records took 0.10 s against
-- 0.30 s (NOT IN hashed every number of the source).
INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT $source, i.record_id,
       (SELECT coalesce(max(record_no), 0) FROM raw.record_numbers) + row_number() OVER (ORDER BY i.record_id)
FROM (SELECT DISTINCT record_id FROM incoming) AS i
WHERE NOT EXISTS (
    SELECT 1 FROM raw.record_numbers AS n WHERE n.source = $source AND n.record_id = i.record_id
);
