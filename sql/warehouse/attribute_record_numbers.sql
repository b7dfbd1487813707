-- A warehouse from before record numbers: the stored attribute values name their record by number
-- (record_no) instead of its id. A record no longer delivered is numbered here, so that no value
-- loses its provenance. Each statement can run again after an interruption.
INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT source, record_id,
       (SELECT coalesce(max(record_no), 0) FROM raw.record_numbers)
           + row_number() OVER (ORDER BY source, record_id)
FROM (
    SELECT DISTINCT source, record_id FROM profile.attribute_values_history WHERE record_id IS NOT NULL
) AS h
WHERE (source, record_id) NOT IN (SELECT source, record_id FROM raw.record_numbers);
ALTER TABLE profile.attribute_values_history ADD COLUMN IF NOT EXISTS record_no BIGINT;
UPDATE profile.attribute_values_history AS h
SET record_no = n.record_no
FROM raw.record_numbers AS n
WHERE h.record_no IS NULL AND n.source = h.source AND n.record_id = h.record_id;
ALTER TABLE profile.attribute_values_history DROP COLUMN record_id;
