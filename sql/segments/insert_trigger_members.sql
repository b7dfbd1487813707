-- Declared transitions (config/segments.yaml triggers): profiles in the trigger's `to` segment on
-- $day that were in one of its `from` segments (any other segment, or new, when none are listed)
-- on $previous_day. Nothing triggers on a day without a previous day to compare with.
INSERT INTO segment.members_daily (day, segment_group, segment, profile_id)
WITH before AS (
    SELECT profile_id, segment FROM segment.members_daily
    WHERE day = $previous_day::DATE AND segment_group = 'lifecycle'
)
SELECT $day, 'trigger', t.trigger_name, m.profile_id
FROM segment.members_daily AS m
JOIN config.triggers AS t ON t.to_segment = m.segment
LEFT JOIN before AS b ON b.profile_id = m.profile_id
WHERE m.day = $day AND m.segment_group = 'lifecycle' AND $previous_day::DATE IS NOT NULL
  AND b.segment IS DISTINCT FROM m.segment
  AND (
      NOT EXISTS (SELECT 1 FROM config.trigger_from AS f WHERE f.trigger_name = t.trigger_name)
      OR b.segment IN (SELECT f.from_segment FROM config.trigger_from AS f WHERE f.trigger_name = t.trigger_name)
  );
