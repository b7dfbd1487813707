-- Open a row for every usable key value that is new or changed (identity/key_diff.sql's '+'), or,
-- on a first step ($prev is NULL, nothing stored), for every usable value of a record not erased.
INSERT INTO identity.record_keys_history
    (source, kind, key, priority, link, value, valid_from, valid_to, record_no, value_hash)
SELECT source, kind, key, priority, link, value, $day, NULL, record_no,
       identity.value_hash(key, value)
FROM key_diff
WHERE change = '+'
UNION ALL
SELECT source, kind, key, priority, link, value, $day, NULL, record_no,
       identity.value_hash(key, value)
FROM key_values
WHERE $prev::DATE IS NULL AND problem IS NULL
  AND record_no NOT IN (SELECT record_no FROM erased);
