-- A few values of one source and day with a given status (to be masked before they are shown).
SELECT key, coalesce(value, raw) AS value
FROM quality.delivered_keys($day::DATE)
WHERE source = $source AND problem = $problem
ORDER BY key, value
LIMIT 5;
