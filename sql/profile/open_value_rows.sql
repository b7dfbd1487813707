-- Open a row for every attribute whose survivor is new or changed (profile/value_diff.sql). A first
-- step opens every survivor without a diff: profile/open_first_values.sql.
INSERT INTO profile.attribute_values_history
    (profile_no, attribute, value, source, record_no, candidates, valid_from, valid_to)
SELECT profile_no, attribute, value, source, record_no, candidates, $day, NULL
FROM survivors
WHERE rowid IN (SELECT opened_row FROM value_diff WHERE opened_row IS NOT NULL);
