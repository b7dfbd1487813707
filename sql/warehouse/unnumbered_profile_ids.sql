-- A warehouse from before profile numbers: its stored profile ids that are not 'p_' and 16 hex
-- digits (no step ever wrote one), which warehouse/profile_numbers.sql could not turn into numbers.
SELECT 'identity.record_profiles_history' AS table_name, count(*) AS ids, min(profile_id) AS example
FROM identity.record_profiles_history WHERE identity.profile_number(profile_id) IS NULL
UNION ALL
SELECT 'profile.attribute_values_history', count(*), min(profile_id)
FROM profile.attribute_values_history WHERE identity.profile_number(profile_id) IS NULL;
