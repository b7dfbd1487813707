-- Once the key values (a profile step: the attribute candidates) are read, the rest of the step
-- needs no record fields: records_asof keeps its narrow columns only, which frees most of its
-- memory (5 GiB at 10M records).
CREATE OR REPLACE TEMP TABLE records_narrow AS
SELECT source, kind, record_id, record_no, record_ts, first_seen_day, last_seen_day FROM records_asof;
DROP TABLE records_asof;
ALTER TABLE records_narrow RENAME TO records_asof;
