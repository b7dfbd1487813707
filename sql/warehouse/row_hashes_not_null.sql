-- The value_hash column of a warehouse from before it, once filled (warehouse/fill_row_hashes.sql):
-- a writer that forgets it fails instead of storing a row no lookup by hash finds.
ALTER TABLE identity.record_keys_history ALTER COLUMN value_hash SET NOT NULL;
