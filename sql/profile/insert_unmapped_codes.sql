-- Codes with no label in their value map, among the recomputed profiles' candidates: counted here
-- and kept out of the profile.
INSERT INTO profile.unmapped_codes_daily (day, attribute, source, code, records)
SELECT $day, attribute, source, trim(raw_value), count(*)
FROM attribute_candidates
WHERE unmapped
GROUP BY attribute, source, trim(raw_value);
