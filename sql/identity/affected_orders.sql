-- The orders whose profile an incremental step recomputes: those read by the step (delivered since
-- the previous step), and those carrying a value that a recomputed contacts record carries
-- (node_links) or that was touched (their rows are among the touched values' carriers). Orders
-- never join profiles; they attach to one. (A full step takes every order: identity/all_orders.sql.)
CREATE OR REPLACE TEMP TABLE order_scope AS
SELECT record_no FROM records_asof
WHERE kind = 'orders' AND record_no NOT IN (SELECT record_no FROM erased)
UNION
SELECT record_no FROM carriers WHERE kind = 'orders'
UNION
SELECT h.record_no
FROM identity.record_keys_history AS h
WHERE h.valid_to IS NULL AND h.kind = 'orders' AND h.link
  AND (h.key, h.value) IN (SELECT key, value FROM node_links);
