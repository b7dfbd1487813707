-- Undo every identity step from $day on: rows written by those steps go, rows they closed reopen.
DELETE FROM identity.record_keys_history WHERE valid_from >= $day;
UPDATE identity.record_keys_history SET valid_to = NULL WHERE valid_to >= $day;
DELETE FROM identity.record_profiles_history WHERE valid_from >= $day;
UPDATE identity.record_profiles_history SET valid_to = NULL WHERE valid_to >= $day;
DELETE FROM identity.skipped_values_daily WHERE day >= $day;
DELETE FROM identity.cluster_sizes_daily WHERE day >= $day;
DELETE FROM identity.profile_merges_daily WHERE day >= $day;
DELETE FROM identity.profile_splits_daily WHERE day >= $day;
DELETE FROM quality.key_problems WHERE day >= $day;
DELETE FROM identity.steps WHERE day >= $day;
