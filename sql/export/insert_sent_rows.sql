-- What a delivery sent (sent_batch: row_key, row_values, registered from Python).
INSERT INTO export.sent_rows (day, destination, segment, row_key, row_values)
SELECT $day, $destination, $segment, row_key, row_values FROM sent_batch;
