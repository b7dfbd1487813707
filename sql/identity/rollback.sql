-- Undo every identity step from $day on: rows written by those steps go, rows they closed reopen.
-- Key rows newer than the last step are also undone: a step stores its key rows in a transaction
-- of their own (assets/identity.py apply_step), so one that stopped after it left them without
-- its step row.
DELETE FROM identity.record_keys_history
WHERE valid_from >= $day OR valid_from > (SELECT coalesce(max(day), DATE '0001-01-01') FROM identity.steps);
UPDATE identity.record_keys_history SET valid_to = NULL
WHERE valid_to >= $day OR valid_to > (SELECT coalesce(max(day), DATE '0001-01-01') FROM identity.steps);
DELETE FROM identity.record_profiles_history WHERE valid_from >= $day;
UPDATE identity.record_profiles_history SET valid_to = NULL WHERE valid_to >= $day;
DELETE FROM identity.skipped_values_daily WHERE day >= $day;
DELETE FROM identity.cluster_sizes_daily WHERE day >= $day;
DELETE FROM identity.profile_merges_daily WHERE day >= $day;
DELETE FROM identity.profile_splits_daily WHERE day >= $day;
DELETE FROM quality.key_problems WHERE day >= $day;
DELETE FROM identity.steps WHERE day >= $day;
