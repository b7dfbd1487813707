-- GX batch: every profile of one day with its key attributes (phone, email, LINE uid, ...).
SELECT rp.profile_id{attribute_columns}
FROM (SELECT DISTINCT profile_id FROM identity.record_profiles_daily WHERE day = {day}) AS rp
LEFT JOIN profile.attribute_values_daily AS v ON v.day = {day} AND v.profile_id = rp.profile_id
GROUP BY rp.profile_id
