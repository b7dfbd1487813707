-- Side table for custom segments: the day's lifecycle, member status and feed memberships.
CREATE OR REPLACE TEMP TABLE memberships AS
SELECT profile_id, segment_group, segment FROM segment.members_daily
WHERE day = $day AND segment_group IN ('lifecycle', 'member_status', 'feed');
