-- The day `cdh explain` looks at: the one asked for, else the latest day the profile exists.
SELECT max(day) FROM identity.record_profiles_daily
WHERE profile_no = identity.profile_number($profile_id) AND ($day IS NULL OR day = $day);
