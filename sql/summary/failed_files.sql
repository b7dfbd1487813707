SELECT day, file_name, error FROM ops.file_manifest
WHERE status = 'failed' AND day BETWEEN $first_day AND $last_day ORDER BY day, file_name;
