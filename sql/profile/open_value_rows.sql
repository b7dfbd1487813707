INSERT INTO profile.attribute_values_history
    (profile_id, attribute, value, source, record_id, candidates, valid_from, valid_to)
SELECT profile_id, attribute, value, source, record_id, candidates, $day, NULL
FROM (SELECT * FROM survivors EXCEPT SELECT * FROM old_values);
