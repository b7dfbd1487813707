-- The records of bench_new, for numbering (ingest/number_records.sql) as the ingest step numbers
-- each file of a contacts or orders source: here one file a source.
CREATE OR REPLACE TEMP TABLE to_number AS SELECT source, record_id FROM bench_new;
