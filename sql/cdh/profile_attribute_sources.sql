-- cdh.profile_attribute_sources: where each surviving attribute value came from, latest day (the
-- record's id read from its number; none for a value merged from several records).
CREATE OR REPLACE VIEW cdh.profile_attribute_sources AS
SELECT v.profile_id, v.attribute, v.value, v.source, n.record_id, v.candidates
FROM profile.attribute_values_daily AS v
LEFT JOIN raw.record_numbers AS n ON n.record_no = v.record_no
WHERE v.day = (SELECT max(day) FROM profile.attribute_values_daily);
