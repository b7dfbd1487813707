INSERT INTO export.deliveries
    (day, destination, segment, file_name, location, rows, dropped, sha256, delivered_at,
     kind, mode, profiles, since_day, joined, left_rows, suppressed, ambiguous)
VALUES ($day, $destination, $segment, $file_name, $location, $rows, $dropped, $sha256, $delivered_at,
        $kind, $mode, $profiles, $since_day, $joined, $left_rows, $suppressed, $ambiguous);
