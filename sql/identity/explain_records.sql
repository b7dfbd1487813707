-- `cdh explain`: the profile's records on the day, with the day each was first delivered.
SELECT r.source, r.record_id, min(r.day) AS first_delivered
FROM identity.record_profiles_daily AS rp
JOIN raw.records AS r ON r.record_no = rp.record_no AND r.day <= $day
WHERE rp.day = $day AND rp.profile_no = identity.profile_number($profile_id)
GROUP BY r.source, r.record_id
ORDER BY first_delivered, r.source, r.record_id;
