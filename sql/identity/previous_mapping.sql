-- The stored mapping of the day before, when it exists.
CREATE OR REPLACE TEMP TABLE previous AS
SELECT source, record_id, profile_id FROM identity.record_profiles_daily WHERE day = $day::DATE - 1;
