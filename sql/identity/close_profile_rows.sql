-- Close the stored rows whose profile changed or whose record left the scope's result (old_map and
-- new_map hold one row per record: an anti-join, not EXCEPT's de-duplication of every row).
UPDATE identity.record_profiles_history AS h
SET valid_to = $day
FROM old_map AS gone
WHERE h.valid_to IS NULL AND h.source = gone.source AND h.record_id = gone.record_id
  AND NOT EXISTS (
      SELECT 1 FROM new_map AS n
      WHERE n.source = gone.source AND n.record_id = gone.record_id AND n.kind = gone.kind
        AND n.profile_id = gone.profile_id AND n.first_seen_day IS NOT DISTINCT FROM gone.first_seen_day
  );
