-- (Re)compute every stored row hash, when the canary (warehouse/row_hash_canary.sql) says they
-- were computed by another hash() or never; one transaction with the canary's update (DuckDB
-- refuses SET NOT NULL in it: warehouse/row_hashes_not_null.sql follows).
UPDATE identity.record_keys_history SET value_hash = identity.value_hash(key, value);
DELETE FROM ops.row_hash_canary;
INSERT INTO ops.row_hash_canary VALUES ($canary);
