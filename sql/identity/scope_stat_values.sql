-- Every linking value carried by a recomputed contacts record or order, and every touched value.
CREATE OR REPLACE TEMP TABLE stat_values AS
SELECT DISTINCT h.key, h.value
FROM identity.record_keys_history AS h
WHERE h.valid_to IS NULL AND h.link
  AND ((h.source, h.record_id) IN (SELECT source, record_id FROM nodes)
       OR (h.source, h.record_id) IN (SELECT source, record_id FROM order_scope))
UNION
SELECT key, value FROM touched;
