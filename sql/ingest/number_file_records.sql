-- Number the records of one parsed file of a contacts or orders source (`incoming`) that have no
-- number yet (raw.record_numbers): after the largest so far, in record id order. Run before the
-- file's rows are inserted (ingest/insert_raw_records.sql looks their numbers up).
INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT $source, record_id,
       (SELECT coalesce(max(record_no), 0) FROM raw.record_numbers) + row_number() OVER (ORDER BY record_id)
FROM (SELECT DISTINCT record_id FROM incoming) AS i
WHERE record_id NOT IN (SELECT record_id FROM raw.record_numbers WHERE source = $source);
