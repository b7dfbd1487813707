-- cdh.segment_members: who was in which segment on each day.
CREATE OR REPLACE VIEW cdh.segment_members AS
SELECT day, segment, segment_group, profile_id
FROM segment.members_daily;
