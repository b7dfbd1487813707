-- A fingerprint of the identity and profile state of one day: every record's profile and every
-- profile's surviving values (equal fingerprints: the same state, row for row).
SELECT (SELECT sum(hash(source, record_no, profile_id))::VARCHAR
        FROM identity.mapping_asof($day::DATE)) AS mapping,
       (SELECT sum(hash(profile_no, attribute, value, source, record_no, candidates))::VARCHAR
        FROM profile.attribute_values_history
        WHERE valid_from <= $day::DATE AND (valid_to IS NULL OR valid_to > $day::DATE)) AS profile_values;
