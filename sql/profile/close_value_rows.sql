UPDATE profile.attribute_values_history AS h
SET valid_to = $day
FROM (SELECT * FROM old_values EXCEPT SELECT * FROM survivors) AS gone
WHERE h.valid_to IS NULL AND h.profile_id = gone.profile_id AND h.attribute = gone.attribute;
