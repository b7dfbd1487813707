-- What the destination's delta files sent, once they are delivered.
INSERT INTO export.sent_rows (day, destination, segment, row_key, row_values)
SELECT $day, $destination, segment, row_key, row_values FROM pending_sent;
