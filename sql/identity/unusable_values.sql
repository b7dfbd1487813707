-- The unusable key values (invalid or blocklisted) are kept apart with their raw text for the audit
-- (identity/insert_skipped_values.sql, identity/insert_key_problems.sql,
-- identity/resolution_stats.sql). The other readers of key_values need no raw text: dropping it,
-- and the phones, before the step's transaction frees their memory at once (inside it, a dropped
-- table's memory is held until the commit).
CREATE OR REPLACE TEMP TABLE unusable_values AS SELECT * FROM key_values WHERE problem IS NOT NULL;
ALTER TABLE key_values DROP COLUMN raw;
DROP TABLE phone_values;
