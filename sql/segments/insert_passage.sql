-- Profiles per (lifecycle segment on $previous_day, lifecycle segment on $day); a profile absent
-- on one side counts with NULL there (new / gone). No previous day: everyone is new.
INSERT INTO segment.passage_daily (day, previous_day, from_segment, to_segment, profiles)
WITH before AS (
    SELECT profile_id, segment FROM segment.members_daily
    WHERE day = $previous_day::DATE AND segment_group = 'lifecycle'
),
today AS (
    SELECT profile_id, segment FROM segment.members_daily
    WHERE day = $day AND segment_group = 'lifecycle'
)
SELECT $day, $previous_day::DATE, b.segment, t.segment, count(*)
FROM before AS b
FULL JOIN today AS t ON t.profile_id = b.profile_id
GROUP BY b.segment, t.segment;
