-- cdh.profile_attribute_sources: where each surviving attribute value came from, latest day.
CREATE OR REPLACE VIEW cdh.profile_attribute_sources AS
SELECT profile_id, attribute, value, source, record_id, candidates
FROM profile.attribute_values_daily
WHERE day = (SELECT max(day) FROM profile.attribute_values_daily);
