-- An incremental step's first stat_values: the values whose caps may have changed, whose carriers
-- and new caps decide which records the step recomputes (identity/scope_stat_values.sql widens it
-- to the whole scope). They are the touched values, and the values of a key capped by distinct
-- values of another key (config.key_caps: a phone shared by different customer ids) that a record
-- read still carries while its value of that other key changed: the conflict may have appeared or
-- gone without the value's own carriers changing. Without them, a family phone freed of its
-- conflict linked the changed record alone, and its other carriers stayed apart until a rebuild.
-- Read from key_values (the records read, a small table on an incremental step), not the history.
CREATE OR REPLACE TEMP TABLE stat_values AS
SELECT key, value FROM touched
UNION
SELECT kv.key, kv.value
FROM key_values AS kv
JOIN config.key_caps AS c ON c.key = kv.key
WHERE kv.problem IS NULL AND kv.link AND kv.kind = 'contacts'
  AND (kv.record_no, c.other_key) IN (SELECT record_no, key FROM key_diff WHERE kind = 'contacts')
  AND kv.record_no NOT IN (SELECT record_no FROM erased);
