-- The *_hash columns of a warehouse from before them, once filled (warehouse/fill_row_hashes.sql):
-- a writer that forgets one fails instead of storing a row no lookup by hash finds.
ALTER TABLE identity.record_keys_history ALTER COLUMN record_hash SET NOT NULL;
ALTER TABLE identity.record_keys_history ALTER COLUMN value_hash SET NOT NULL;
ALTER TABLE identity.record_profiles_history ALTER COLUMN record_hash SET NOT NULL;
