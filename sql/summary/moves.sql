-- Lifecycle moves into $day (profiles that changed segment, entered or left), largest first.
SELECT from_segment, to_segment, profiles FROM cdh.segment_passage
WHERE day = $day AND from_segment <> to_segment
ORDER BY profiles DESC, from_segment, to_segment;
