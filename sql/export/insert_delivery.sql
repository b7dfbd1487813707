INSERT INTO export.deliveries
    (day, destination, segment, file_name, location, rows, dropped, sha256, delivered_at)
VALUES ($day, $destination, $segment, $file_name, $location, $rows, $dropped, $sha256, $delivered_at);
