-- A few values of one source and day with a given status (to be masked before they are shown).
SELECT key, coalesce(value, raw) AS value
FROM quality.staged_keys
WHERE source = $source AND day = $day AND problem = $problem
ORDER BY key, value
LIMIT 5;
