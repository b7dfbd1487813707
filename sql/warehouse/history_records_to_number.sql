-- A warehouse from before record numbers: the records an identity history table names (the key
-- rows or the mapping, named by assets/warehouse_setup.py), for numbering
-- (ingest/number_records.sql) before warehouse/history_record_numbers.sql gives its rows their
-- numbers. A record no longer delivered is numbered too, so that every row keeps its record.
CREATE OR REPLACE TEMP TABLE to_number AS SELECT source, record_id FROM identity.{history};
