-- The changes of the latest rebuild of $day.
SELECT change, profile_id, other_profile_id, records
FROM identity.rebuild_changes
WHERE day = $day::DATE
  AND rebuilt_at = (SELECT max(rebuilt_at) FROM identity.rebuild_changes WHERE day = $day::DATE)
ORDER BY change, profile_id;
