SELECT segment, feed_rows, matched FROM segment.feed_matches_daily
WHERE day = $day ORDER BY segment;
