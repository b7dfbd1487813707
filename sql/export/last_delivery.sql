-- The last day before $day on which this destination was delivered this file (a segment, or ''
-- for its backstamp): what a delta export compares with.
SELECT max(day) FROM export.deliveries
WHERE destination = $destination AND segment = $segment AND day < $day;
