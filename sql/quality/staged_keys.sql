-- GX batch: the normalised key values of one source's records delivered on one day, each with its
-- status: usable, invalid (failed normalisation) or blocklisted.
SELECT record_id, key, normaliser, value, coalesce(problem, 'usable') AS status
FROM quality.staged_keys
WHERE source = {source} AND day = {day}
