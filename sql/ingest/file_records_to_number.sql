-- The records of one parsed file of a contacts or orders source (`incoming`), for numbering
-- (ingest/number_records.sql) before the file's rows are inserted: ingest/insert_raw_records.sql
-- looks their numbers up.
CREATE OR REPLACE TEMP TABLE to_number AS SELECT $source AS source, record_id FROM incoming;
