-- Warehouses from before the *_hash columns (sql/warehouse/create_tables.sql): the columns are
-- added empty, and warehouse/fill_row_hashes.sql fills them and makes them NOT NULL.
ALTER TABLE identity.record_keys_history ADD COLUMN IF NOT EXISTS record_hash UINTEGER;
ALTER TABLE identity.record_keys_history ADD COLUMN IF NOT EXISTS value_hash UINTEGER;
ALTER TABLE identity.record_profiles_history ADD COLUMN IF NOT EXISTS record_hash UINTEGER;
