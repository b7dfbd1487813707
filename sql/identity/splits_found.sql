SELECT identity.profile_text(profile_no), identity.profile_text(from_profile_no), records
FROM splits ORDER BY ALL;
