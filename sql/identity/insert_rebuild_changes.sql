-- Record what a rebuild merged and split (temp tables merges and splits against the old state).
INSERT INTO identity.rebuild_changes (rebuilt_at, day, change, profile_id, other_profile_id, records)
SELECT $rebuilt_at, $day, 'merge', identity.profile_text(from_profile_no),
       identity.profile_text(into_profile_no), records
FROM merges
UNION ALL
SELECT $rebuilt_at, $day, 'split', identity.profile_text(profile_no),
       identity.profile_text(from_profile_no), records
FROM splits;
