-- Rows of one parsed file; `incoming` is the parsed batch registered by the ingest step. A contacts
-- or orders record carries its number (ingest/number_records.sql); a feed's rows have none.
INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at, record_no)
SELECT $source, $day, $file_name, i.line_no, i.record_id, $segment, map(i.field_names, i.field_values),
       $loaded_at, n.record_no
FROM incoming AS i
LEFT JOIN raw.record_numbers AS n ON n.source = $source AND n.record_id = i.record_id;
