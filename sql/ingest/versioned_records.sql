-- The records whose versions a load changes (ingest/record_versions.sql), filled file by file.
CREATE OR REPLACE TEMP TABLE versioned (source VARCHAR, record_id VARCHAR);
