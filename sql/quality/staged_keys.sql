-- GX batch: the normalised key values of the records delivered on one day, each with its source
-- and status: usable, invalid (failed normalisation) or blocklisted.
SELECT source, record_id, key, normaliser, value, coalesce(problem, 'usable') AS status
FROM quality.delivered_keys({day})
