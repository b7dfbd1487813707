-- Rows of today's file that the last delivered one ($since) did not have, or had with other
-- values (a backstamp row whose facts changed), in file order. Sent rows of another width (the
-- layout changed since) are not compared with.
SELECT from_json(c.row_values, '["VARCHAR"]') AS row_values
FROM file_current AS c
LEFT JOIN export.sent_rows AS p
       ON p.day = $since AND p.destination = $destination AND p.segment = $segment
      AND p.row_key = c.row_key AND json_array_length(p.row_values) = $width
WHERE p.row_values IS DISTINCT FROM c.row_values
ORDER BY c.profile_id, c.id;
