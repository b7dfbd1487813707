INSERT INTO identity.profile_splits_daily (day, profile_id, from_profile_id, records)
SELECT $day, identity.profile_text(profile_no), identity.profile_text(from_profile_no), records FROM splits;
