-- A first step (nothing stored): every survivor opens, inserted straight from the survivors'
-- query instead of a copy of them (4 s of a first 10M-record build).
INSERT INTO profile.attribute_values_history
    (profile_id, attribute, value, source, record_id, candidates, valid_from, valid_to, profile_hash)
SELECT profile_id, attribute, value, source, record_id, candidates, $day, NULL,
       identity.profile_hash(profile_id)
FROM survivor_values;
