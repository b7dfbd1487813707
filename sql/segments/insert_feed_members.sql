INSERT INTO segment.members_daily (day, segment_group, segment, profile_id)
SELECT DISTINCT $day, 'feed', fr.segment, i.profile_id
FROM feed_rows AS fr
JOIN feed_identifiers AS i
  ON i.key = fr.key AND i.value = fr.value;
