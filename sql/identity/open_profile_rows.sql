-- Open a row for every record whose profile is new or changed (an anti-join: one row per record).
INSERT INTO identity.record_profiles_history
    (source, kind, profile_no, first_seen_day, valid_from, valid_to, record_no)
SELECT n.source, n.kind, n.profile_no, n.first_seen_day, $day, NULL, n.record_no
FROM new_map AS n
WHERE NOT EXISTS (
    SELECT 1 FROM old_map AS o
    WHERE o.record_no = n.record_no AND o.kind = n.kind
      AND o.profile_no = n.profile_no AND o.first_seen_day IS NOT DISTINCT FROM n.first_seen_day
);
