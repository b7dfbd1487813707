-- Erasure: the records carrying a suppressed value leave the warehouse, history included.
DELETE FROM identity.record_keys_history WHERE record_no IN (SELECT record_no FROM erased);
DELETE FROM identity.record_profiles_history WHERE record_no IN (SELECT record_no FROM erased);
DELETE FROM quality.key_problems WHERE (source, record_id) IN (SELECT source, record_id FROM erased);
DELETE FROM profile.attribute_values_history WHERE record_no IN (SELECT record_no FROM erased);
DELETE FROM raw.records WHERE (source, record_id) IN (SELECT source, record_id FROM erased);
DELETE FROM raw.record_numbers WHERE record_no IN (SELECT record_no FROM erased);
