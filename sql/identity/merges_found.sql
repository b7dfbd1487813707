SELECT identity.profile_text(from_profile_no), identity.profile_text(into_profile_no), records
FROM merges ORDER BY ALL;
