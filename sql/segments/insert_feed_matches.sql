-- Match rate per feed file: rows, rows that reached a profile, distinct profiles reached.
INSERT INTO segment.feed_matches_daily (day, source, segment, feed_rows, matched, profiles)
SELECT $day, fr.source, fr.segment, count(DISTINCT fr.value),
       count(DISTINCT fr.value) FILTER (WHERE i.profile_id IS NOT NULL),
       count(DISTINCT i.profile_id)
FROM feed_rows AS fr
LEFT JOIN feed_identifiers AS i
       ON i.key = fr.key AND i.value = fr.value
GROUP BY fr.source, fr.segment;
