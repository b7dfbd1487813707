-- Deliver bench_new on $day into raw.records (as the ingest step would) and record the truth.
INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at)
SELECT source, $day, source || '_bench.csv', row_number() OVER (PARTITION BY source), record_id, NULL,
       fields, now()
FROM bench_new;
