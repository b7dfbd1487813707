-- Records carrying a suppressed key value (erasure): compared by sha256(key || ':' || value),
-- hashed only for the keys that have suppressions; with their ids (for the raw rows and key
-- problems they leave).
CREATE OR REPLACE TEMP TABLE erased AS
WITH hits AS MATERIALIZED (
    SELECT DISTINCT kv.source, kv.kind, kv.record_no
    FROM key_values AS kv
    JOIN identity.suppressions AS s
      ON s.key = kv.key AND s.value_sha256 = sha256(kv.key || ':' || kv.value)
    WHERE kv.problem IS NULL
      AND kv.key IN (SELECT DISTINCT key FROM identity.suppressions)
)
SELECT h.source, h.kind, r.record_id, h.record_no
FROM hits AS h
JOIN records_asof AS r ON r.record_no = h.record_no;
