-- Segment deliveries whose profiles written + profiles dropped differ from the segment's size
-- that day (must be none). A delta file's `profiles` is today's full list it was compared from.
SELECT d.destination, d.segment, coalesce(d.profiles, d.rows) AS profiles, d.dropped,
       count(m.profile_id) AS segment_size
FROM export.deliveries AS d
LEFT JOIN cdh.segment_members AS m ON m.day = d.day AND m.segment = d.segment
WHERE d.day BETWEEN $first_day AND $last_day AND coalesce(d.kind, 'segment') = 'segment'
GROUP BY d.day, d.destination, d.segment, d.rows, d.profiles, d.dropped
HAVING coalesce(d.profiles, d.rows) + d.dropped <> count(m.profile_id);
