INSERT INTO ops.quarantine (source, day, file_name, line_no, reason, raw_line, loaded_at)
SELECT $source, $day, $file_name, line_no, reason, raw_line, $loaded_at
FROM incoming_quarantine;
