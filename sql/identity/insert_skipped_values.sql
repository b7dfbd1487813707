-- Audit of every key value that linked nobody, and why.
INSERT INTO identity.skipped_values_daily (day, source, key, reason, value, records)
SELECT $day, source, key, problem, coalesce(value, raw), count(*)
FROM key_values
WHERE problem IS NOT NULL
GROUP BY source, key, problem, coalesce(value, raw)
UNION ALL
SELECT $day, kv.source, kv.key, s.skip_reason, kv.value, count(*)
FROM key_values AS kv
JOIN value_stats AS s ON s.key = kv.key AND s.value = kv.value
WHERE s.skip_reason IS NOT NULL AND kv.problem IS NULL
GROUP BY kv.source, kv.key, s.skip_reason, kv.value;
