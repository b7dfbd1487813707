-- A first step (nothing stored): every survivor opens, inserted straight from the survivors'
-- query instead of a copy of them (4 s of a first 10M-record build).
INSERT INTO profile.attribute_values_history
    (profile_no, attribute, value, source, record_no, candidates, valid_from, valid_to)
SELECT profile_no, attribute, value, source, record_no, candidates, $day, NULL
FROM survivor_values;
