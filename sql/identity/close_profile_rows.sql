-- Close the stored rows whose profile changed or whose record left the scope's result.
UPDATE identity.record_profiles_history AS h
SET valid_to = $day
FROM (SELECT * FROM old_map EXCEPT SELECT * FROM new_map) AS gone
WHERE h.valid_to IS NULL AND h.source = gone.source AND h.record_id = gone.record_id;
