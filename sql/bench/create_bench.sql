CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.truth (
    source VARCHAR, record_id VARCHAR, person BIGINT, PRIMARY KEY (source, record_id)
);
