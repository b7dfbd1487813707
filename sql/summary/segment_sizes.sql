SELECT segment, count(*) FROM segment.members_daily WHERE day = $day GROUP BY segment ORDER BY segment;
