-- Deliver bench_new on $day into raw.records (as the ingest step would), each record with its
-- number (bench/records_to_number.sql, ingest/number_records.sql).
INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at, record_no)
SELECT b.source, $day, b.source || '_bench.csv', row_number() OVER (PARTITION BY b.source), b.record_id,
       NULL, b.fields, now(), n.record_no
FROM bench_new AS b
LEFT JOIN raw.record_numbers AS n ON n.source = b.source AND n.record_id = b.record_id;
