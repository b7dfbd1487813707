-- `cdh explain`: profiles merged into this one up to the day.
SELECT day, from_profile_id, records
FROM identity.profile_merges_daily
WHERE into_profile_id = $profile_id AND day <= $day
ORDER BY day, from_profile_id;
