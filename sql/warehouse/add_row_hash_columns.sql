-- Warehouses from before the value_hash column (sql/warehouse/create_tables.sql): it is added
-- empty, and warehouse/fill_row_hashes.sql fills it and makes it NOT NULL.
ALTER TABLE identity.record_keys_history ADD COLUMN IF NOT EXISTS value_hash UINTEGER;
