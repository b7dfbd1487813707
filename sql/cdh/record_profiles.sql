-- cdh.record_profiles: which profile every source record belongs to, as of the latest day.
CREATE OR REPLACE VIEW cdh.record_profiles AS
SELECT source, record_id, profile_id
FROM identity.record_profiles_daily
WHERE day = (SELECT max(day) FROM identity.record_profiles_daily);
