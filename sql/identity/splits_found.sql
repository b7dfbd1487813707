SELECT profile_id, from_profile_id, records FROM splits ORDER BY ALL;
