-- Deliveries whose rows + dropped differ from the segment's size that day (must be none).
SELECT d.destination, d.segment, d.rows, d.dropped, count(m.profile_id) AS segment_size
FROM export.deliveries AS d
LEFT JOIN segment.members_daily AS m ON m.day = d.day AND m.segment = d.segment
WHERE d.day BETWEEN $first_day AND $last_day
GROUP BY d.day, d.destination, d.segment, d.rows, d.dropped
HAVING d.rows + d.dropped <> count(m.profile_id);
