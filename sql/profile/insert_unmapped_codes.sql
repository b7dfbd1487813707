-- Codes with no label in their value map, among the records delivered since the previous profile
-- step ($prev; all records on a first step): counted here and kept out of the profile. Every such
-- record is read by the step (its profile is recomputed), so an incremental step counts what a
-- full one does.
INSERT INTO profile.unmapped_codes_daily (day, attribute, source, code, records)
SELECT $day, c.attribute, c.source, trim(c.unmapped_code), count(*)
FROM attribute_candidates AS c
JOIN records_asof AS r ON r.source = c.source AND r.record_id = c.record_id
WHERE c.unmapped_code IS NOT NULL AND ($prev::DATE IS NULL OR r.last_seen_day > $prev::DATE)
GROUP BY c.attribute, c.source, trim(c.unmapped_code);
