-- Once the attribute candidates are read, the rest of a profile step needs of records_asof only
-- each record's number and last delivery day (profile/insert_unmapped_codes.sql): the other
-- columns are dropped, which frees their memory at once (outside a transaction; see
-- identity/narrow_records.sql). 10M records: with no record ids in profile_records either, the
-- first step's peak was 7.8 GiB against 8.8.
ALTER TABLE records_asof DROP COLUMN fields;
ALTER TABLE records_asof DROP COLUMN source;
ALTER TABLE records_asof DROP COLUMN kind;
ALTER TABLE records_asof DROP COLUMN record_id;
ALTER TABLE records_asof DROP COLUMN record_ts;
ALTER TABLE records_asof DROP COLUMN first_seen_day;
