-- Before a day's delivery is recorded again; rows older than the destination's keep_sent_days go too.
DELETE FROM export.sent_rows
WHERE destination = $destination AND (day = $day OR day < $day::DATE - $keep_days::INTEGER);
