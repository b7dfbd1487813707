-- Open a row for every attribute whose survivor is new or changed (an anti-join, as in
-- profile/close_value_rows.sql).
INSERT INTO profile.attribute_values_history
    (profile_id, attribute, value, source, record_id, candidates, valid_from, valid_to)
SELECT s.profile_id, s.attribute, s.value, s.source, s.record_id, s.candidates, $day, NULL
FROM survivors AS s
WHERE NOT EXISTS (
    SELECT 1 FROM old_values AS o
    WHERE o.profile_id = s.profile_id AND o.attribute = s.attribute AND o.value = s.value
      AND o.source = s.source AND o.record_id IS NOT DISTINCT FROM s.record_id
      AND o.candidates = s.candidates
);
