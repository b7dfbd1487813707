-- Audit of key values that linked nobody: invalid or blocklisted values of the records delivered
-- since the previous step, and every value over a cap on this day (carried over from the previous
-- step unless its carriers changed; a full step carries nothing over: its value_stats holds every
-- current value that a guard can stop), counted per source. A value whose carriers changed is in
-- key_diff and was counted again: if it has no carrier left, value_stats has no row for it and it
-- is no longer skipped.
INSERT INTO identity.skipped_values_daily (day, source, key, reason, value, records)
SELECT $day, kv.source, kv.key, kv.problem, coalesce(kv.value, kv.raw), count(*)
FROM unusable_values AS kv
WHERE kv.problem IS NOT NULL AND ($prev::DATE IS NULL OR kv.last_seen_day > $prev::DATE)
GROUP BY kv.source, kv.key, kv.problem, coalesce(kv.value, kv.raw)
UNION ALL
SELECT $day, h.source, h.key, s.skip_reason, h.value, count(*)
FROM stat_carriers AS h  -- every current row carrying a value of value_stats (contacts and orders)
JOIN value_stats AS s ON s.key = h.key AND s.value = h.value
WHERE s.skip_reason IS NOT NULL
GROUP BY h.source, h.key, s.skip_reason, h.value
UNION ALL
SELECT $day, p.source, p.key, p.reason, p.value, p.records
FROM identity.skipped_values_daily AS p
WHERE NOT $full AND p.day = $prev::DATE AND p.reason NOT IN ('invalid', 'blocklisted')
  AND (p.key, p.value) NOT IN (SELECT key, value FROM value_stats)
  AND (p.key, p.value) NOT IN (SELECT key, value FROM key_diff WHERE link);
