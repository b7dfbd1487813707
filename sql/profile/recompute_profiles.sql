-- The profiles whose attributes this step recomputes: every profile of the day for a full step;
-- otherwise those holding a contacts record delivered since the previous step ($prev), and those
-- whose members changed since then (a record joined, or one left a profile that still exists).
CREATE OR REPLACE TEMP TABLE recompute AS
WITH moved AS (
    SELECT profile_id FROM identity.record_profiles_history
    WHERE kind = 'contacts'
      AND ((valid_from > $prev::DATE AND valid_from <= $day::DATE)
        OR (valid_to > $prev::DATE AND valid_to <= $day::DATE))
)
SELECT DISTINCT m.profile_id
FROM identity.mapping_asof($day::DATE) AS m
WHERE m.kind = 'contacts'
  AND ($full
       OR (m.source, m.record_id) IN (
           SELECT source, record_id FROM raw.records WHERE day > $prev::DATE AND day <= $day::DATE)
       OR m.profile_id IN (SELECT profile_id FROM moved));
