-- cdh.record_profiles: which profile every source record belongs to, as of the latest day.
CREATE OR REPLACE VIEW cdh.record_profiles AS
SELECT rp.source, n.record_id, rp.profile_id
FROM identity.record_profiles_daily AS rp
JOIN raw.record_numbers AS n ON n.record_no = rp.record_no
WHERE rp.day = (SELECT max(day) FROM identity.record_profiles_daily);
