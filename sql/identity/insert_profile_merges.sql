INSERT INTO identity.profile_merges_daily (day, from_profile_id, into_profile_id, records)
SELECT $day, identity.profile_text(from_profile_no), identity.profile_text(into_profile_no), records
FROM merges;
