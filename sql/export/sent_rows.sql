SELECT row_key, row_values FROM export.sent_rows
WHERE day = $day AND destination = $destination AND segment = $segment;
