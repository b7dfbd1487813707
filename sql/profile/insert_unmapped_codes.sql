-- Codes with no label in their value map, among the records delivered since the previous profile
-- step ($prev; all records on a first step): counted here and kept out of the profile. Every such
-- record is read by the step (its profile is recomputed), so an incremental step counts what a
-- full one does. A first step reads no delivery days: joined to records_asof all the same, it
-- built a hash table of every record (2 s at 10M records) to count nothing.
INSERT INTO profile.unmapped_codes_daily (day, attribute, source, code, records)
WITH unmapped AS (
    SELECT c.attribute, c.source, c.unmapped_code
    FROM attribute_candidates AS c
    WHERE c.unmapped_code IS NOT NULL AND $prev::DATE IS NULL
    UNION ALL
    SELECT c.attribute, c.source, c.unmapped_code
    FROM attribute_candidates AS c
    JOIN records_asof AS r ON r.record_no = c.record_no
    WHERE c.unmapped_code IS NOT NULL AND $prev::DATE IS NOT NULL AND r.last_seen_day > $prev::DATE
)
SELECT $day, attribute, source, trim(unmapped_code), count(*)
FROM unmapped
GROUP BY attribute, source, trim(unmapped_code);
