-- Open a row for every attribute whose survivor is new or changed (profile/value_diff.sql). When
-- every survivor is ($every: a first build), they are copied without looking each one up in
-- value_diff (4 s of a first 10M-record build).
INSERT INTO profile.attribute_values_history
    (profile_id, attribute, value, source, record_id, candidates, valid_from, valid_to)
SELECT profile_id, attribute, value, source, record_id, candidates, $day, NULL
FROM survivors
WHERE $every
UNION ALL
SELECT profile_id, attribute, value, source, record_id, candidates, $day, NULL
FROM survivors
WHERE NOT $every AND rowid IN (SELECT opened_row FROM value_diff WHERE opened_row IS NOT NULL);
