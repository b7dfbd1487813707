-- Rows of one parsed file; `incoming` is the parsed batch registered by the ingest step.
INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at)
SELECT $source, $day, $file_name, line_no, record_id, $segment, map(field_names, field_values), $loaded_at
FROM incoming;
