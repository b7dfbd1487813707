INSERT INTO identity.profile_splits_daily (day, profile_id, from_profile_id, records)
SELECT $day, profile_id, from_profile_id, records FROM splits;
