-- Rows the last delivered file ($since) had and today's does not, by row key.
SELECT from_json(p.row_values, '["VARCHAR"]') AS row_values
FROM export.sent_rows AS p
ANTI JOIN file_current AS c ON c.row_key = p.row_key
WHERE p.day = $since AND p.destination = $destination AND p.segment = $segment
  AND json_array_length(p.row_values) = $width
ORDER BY p.row_key;
