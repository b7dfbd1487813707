-- Records carrying a suppressed key value (erasure): compared by sha256(key || ':' || value),
-- hashed only for the keys that have suppressions.
CREATE OR REPLACE TEMP TABLE erased AS
SELECT DISTINCT kv.source, kv.kind, kv.record_id, kv.record_no
FROM key_values AS kv
JOIN identity.suppressions AS s
  ON s.key = kv.key AND s.value_sha256 = sha256(kv.key || ':' || kv.value)
WHERE kv.problem IS NULL
  AND kv.key IN (SELECT DISTINCT key FROM identity.suppressions);
