-- Every linking value carried by a recomputed contacts record (node_links) or order, and every
-- touched value.
CREATE OR REPLACE TEMP TABLE stat_values AS
SELECT key, value FROM node_links
UNION
SELECT h.key, h.value
FROM identity.record_keys_history AS h
WHERE h.valid_to IS NULL AND h.link AND h.kind = 'orders'
  AND h.record_no IN (SELECT record_no FROM order_scope)
UNION
SELECT key, value FROM touched;
