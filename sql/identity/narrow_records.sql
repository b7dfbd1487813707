-- Once the key values are read, the rest of the identity step needs no record fields: records_asof
-- drops its fields column, which frees its memory at once (an incremental step's; a full step's
-- column is empty). The table was copied without it before: 0.9-1.0 s at 10M records, where
-- dropping the column takes milliseconds. (A profile step drops more: profile/narrow_records.sql.)
ALTER TABLE records_asof DROP COLUMN fields;
