-- A warehouse from before record numbers: the stored attribute values name their record by number
-- (record_no) instead of its id, once every record they name is numbered
-- (warehouse/attribute_records_to_number.sql). Each statement can run again after an interruption.
ALTER TABLE profile.attribute_values_history ADD COLUMN IF NOT EXISTS record_no BIGINT;
UPDATE profile.attribute_values_history AS h
SET record_no = n.record_no
FROM raw.record_numbers AS n
WHERE h.record_no IS NULL AND n.source = h.source AND n.record_id = h.record_id;
ALTER TABLE profile.attribute_values_history DROP COLUMN record_id;
