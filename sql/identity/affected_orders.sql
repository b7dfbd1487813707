-- The orders whose profile an incremental step recomputes: those read by the step (delivered since
-- the previous step), and those carrying a value that a recomputed contacts record carries or that
-- was touched. Orders never join profiles; they attach to one. (A full step takes every order:
-- identity/all_orders.sql.)
CREATE OR REPLACE TEMP TABLE order_scope AS
WITH node_values AS (
    SELECT h.key, h.value
    FROM identity.record_keys_history AS h
    JOIN nodes AS n ON n.source = h.source AND n.record_id = h.record_id
    WHERE h.valid_to IS NULL AND h.link
    UNION
    SELECT key, value FROM touched
)
SELECT source, record_id FROM records_asof
WHERE kind = 'orders' AND (source, record_id) NOT IN (SELECT source, record_id FROM erased)
UNION
SELECT h.source, h.record_id
FROM identity.record_keys_history AS h
JOIN node_values AS v ON v.key = h.key AND v.value = h.value
WHERE h.valid_to IS NULL AND h.kind = 'orders' AND h.link;
