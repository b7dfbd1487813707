-- Close the stored value of every attribute whose survivor changed or is gone (old_values and
-- survivors hold one row per profile and attribute: an anti-join, not EXCEPT's de-duplication).
UPDATE profile.attribute_values_history AS h
SET valid_to = $day
FROM old_values AS gone
WHERE h.valid_to IS NULL AND h.profile_id = gone.profile_id AND h.attribute = gone.attribute
  AND NOT EXISTS (
      SELECT 1 FROM survivors AS s
      WHERE s.profile_id = gone.profile_id AND s.attribute = gone.attribute AND s.value = gone.value
        AND s.source = gone.source AND s.record_id IS NOT DISTINCT FROM gone.record_id
        AND s.candidates = gone.candidates
  );
