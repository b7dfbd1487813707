-- A warehouse from before record numbers: the rows of an identity history table (the key rows or
-- the mapping, named by assets/warehouse_setup.py) name their record by number (record_no) instead
-- of its id and a hash of it, once every record they name is numbered
-- (warehouse/history_records_to_number.sql). Each statement can run again after an interruption.
ALTER TABLE identity.{history} ADD COLUMN IF NOT EXISTS record_no BIGINT;
UPDATE identity.{history} AS h
SET record_no = n.record_no
FROM raw.record_numbers AS n
WHERE h.record_no IS NULL AND n.source = h.source AND n.record_id = h.record_id;
ALTER TABLE identity.{history} DROP COLUMN IF EXISTS record_hash;
ALTER TABLE identity.{history} DROP COLUMN record_id;
ALTER TABLE identity.{history} ALTER COLUMN record_no SET NOT NULL;
