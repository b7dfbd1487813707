-- `cdh explain`: the profile's records on the day, with the day each was first delivered.
SELECT rp.source, rp.record_id, min(r.day) AS first_delivered
FROM identity.record_profiles_daily AS rp
JOIN raw.records AS r ON r.source = rp.source AND r.record_id = rp.record_id AND r.day <= $day
WHERE rp.day = $day AND rp.profile_no = identity.profile_number($profile_id)
GROUP BY rp.source, rp.record_id
ORDER BY first_delivered, rp.source, rp.record_id;
