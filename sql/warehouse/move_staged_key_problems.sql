-- Warehouses from before quality.key_problems kept every key value of each day's delivered records
-- in quality.staged_keys: its unusable values move to quality.key_problems (the usable ones are the
-- key history's, identity.record_keys_history) and the table goes.
INSERT INTO quality.key_problems (day, source, record_id, key, normaliser, raw, value, problem)
SELECT day, source, record_id, key, normaliser, coalesce(raw, value, ''), value, problem
FROM quality.staged_keys
WHERE problem IS NOT NULL;
DROP TABLE quality.staged_keys;
