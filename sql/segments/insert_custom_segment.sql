-- One custom segment: the profiles whose row `p` (segment_profiles) satisfies the predicate from
-- config/segments.yaml (the predicate placeholder below), which may also read the day's side tables
-- orders, tags, identifiers and memberships.
INSERT INTO segment.members_daily (day, segment_group, segment, profile_id)
SELECT $day, 'custom', $segment, p.profile_id
FROM segment_profiles AS p
WHERE ({predicate});
