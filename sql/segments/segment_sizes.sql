SELECT segment_group, segment, count(*) FROM segment.members_daily
WHERE day = $day GROUP BY segment_group, segment ORDER BY segment_group, segment;
