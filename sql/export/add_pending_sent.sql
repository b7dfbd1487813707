INSERT INTO pending_sent SELECT $segment, row_key, row_values FROM file_current;
