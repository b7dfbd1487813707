SELECT from_profile_id, into_profile_id, records FROM merges ORDER BY ALL;
