-- The records delivered after the previous step ($prev; NULL = since the beginning) up to $day.
-- None for a full step, which reads every record (identity/records_wanted.sql): listing them all
-- only cost a distinct pass and a join over every record (5 s of CPU at 10M records).
CREATE OR REPLACE TEMP TABLE delivered AS
SELECT DISTINCT record_no  -- contacts and orders records (a feed's rows have no number)
FROM raw.records
WHERE NOT $full AND day <= $day::DATE AND ($prev::DATE IS NULL OR day > $prev::DATE) AND record_no IS NOT NULL;
