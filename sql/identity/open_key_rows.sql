INSERT INTO identity.record_keys_history
    (source, kind, record_id, key, priority, link, value, valid_from, valid_to)
SELECT source, kind, record_id, key, priority, link, value, $day, NULL
FROM key_diff
WHERE change = '+';
