-- The normalised key values of the records delivered on $day, for the staged-records checks and
-- `cdh explain`. A value as delivered (`raw`) is kept only where it could not be used: nothing
-- reads it otherwise (10M records: writing 28.8M values took 13 s instead of 20 s).
INSERT INTO quality.staged_keys (day, source, record_id, key, normaliser, raw, value, problem)
SELECT $day, kv.source, kv.record_id, kv.key, k.normaliser,
       CASE WHEN kv.problem IS NOT NULL THEN kv.raw END, kv.value, kv.problem
FROM key_values AS kv
JOIN config.keys AS k ON k.key = kv.key
WHERE kv.last_seen_day = $day;
