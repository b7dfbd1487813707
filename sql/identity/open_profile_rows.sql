INSERT INTO identity.record_profiles_history
    (source, kind, record_id, profile_id, first_seen_day, valid_from, valid_to)
SELECT source, kind, record_id, profile_id, first_seen_day, $day, NULL
FROM (SELECT * FROM new_map EXCEPT SELECT * FROM old_map);
