-- Record what a rebuild merged and split (temp tables merges and splits against the old state).
INSERT INTO identity.rebuild_changes (rebuilt_at, day, change, profile_id, other_profile_id, records)
SELECT $rebuilt_at, $day, 'merge', from_profile_id, into_profile_id, records FROM merges
UNION ALL
SELECT $rebuilt_at, $day, 'split', profile_id, from_profile_id, records FROM splits;
