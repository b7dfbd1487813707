INSERT INTO identity.profile_merges_daily (day, from_profile_id, into_profile_id, records)
SELECT $day, from_profile_id, into_profile_id, records FROM merges;
