-- `cdh explain`: splits up to the day that involve this profile (it split off another, or another
-- split off it).
SELECT day, profile_id, from_profile_id, records
FROM identity.profile_splits_daily
WHERE (profile_id = $profile_id OR from_profile_id = $profile_id) AND day <= $day
ORDER BY day, profile_id;
