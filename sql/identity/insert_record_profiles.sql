INSERT INTO identity.record_profiles_daily (day, source, record_id, profile_id)
SELECT $day, source, record_id, profile_id FROM resolved;
