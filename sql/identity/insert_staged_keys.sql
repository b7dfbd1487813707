-- The normalised key values of the records delivered on $day, for the staged-records checks.
INSERT INTO quality.staged_keys (day, source, record_id, key, normaliser, raw, value, problem)
SELECT $day, kv.source, kv.record_id, kv.key, k.normaliser, kv.raw, kv.value, kv.problem
FROM key_values AS kv
JOIN config.keys AS k ON k.key = kv.key
WHERE kv.last_seen_day = $day;
