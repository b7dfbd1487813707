-- The records delivered after the previous step ($prev; NULL = since the beginning) up to $day.
CREATE OR REPLACE TEMP TABLE delivered AS
SELECT DISTINCT source, record_id
FROM raw.records
WHERE day <= $day::DATE AND ($prev::DATE IS NULL OR day > $prev::DATE);
