-- Today's feed files: each is the full list of one segment, as values of an identity key.
CREATE OR REPLACE TEMP TABLE feed_rows AS
SELECT r.source, r.segment, f.key, lower(trim(r.fields[f.field])) AS value
FROM raw.records AS r
JOIN config.feeds AS f ON f.source = r.source
WHERE r.day = $day;
