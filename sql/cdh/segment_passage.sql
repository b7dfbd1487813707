-- cdh.segment_passage: how many profiles moved between lifecycle segments from the previous
-- computed day to each day. from_segment '(new)': not there the day before; to_segment '(gone)':
-- no longer there (merged into another profile, or erased).
CREATE OR REPLACE VIEW cdh.segment_passage AS
SELECT day, previous_day, coalesce(from_segment, '(new)') AS from_segment,
       coalesce(to_segment, '(gone)') AS to_segment, profiles
FROM segment.passage_daily;
