INSERT INTO ops.file_manifest
    (source, day, file_name, size, sha256, rows, quarantined, status, error, encoding, archived_as, loaded_at,
     listed_mtime)
VALUES
    ($source, $day, $file_name, $size, $sha256, $rows, $quarantined, $status, $error, $encoding,
     $archived_as, $loaded_at, $listed_mtime);
