-- The key values this step found unusable (invalid or blocklisted): a full step's, of every record
-- (its rules may have changed since a record was delivered); an incremental step's, of the records
-- delivered since the previous step. Usable values are not copied here: they are the key history's
-- (quality.delivered_keys); at 10M records, writing all 28.8M values took 7.3 s of a 56 s first step.
INSERT INTO quality.key_problems (day, source, record_id, key, normaliser, raw, value, problem)
SELECT $day, kv.source, kv.record_id, kv.key, k.normaliser, kv.raw, kv.value, kv.problem
FROM key_values AS kv
JOIN config.keys AS k ON k.key = kv.key
WHERE kv.problem IS NOT NULL AND ($full OR kv.last_seen_day > $prev::DATE);
