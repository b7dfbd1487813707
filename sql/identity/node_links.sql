-- The current linking key rows of the contacts records an incremental step recomputes: one scan
-- of the history, read by the orders they reach (identity/affected_orders.sql), the scope's values
-- (identity/scope_stat_values.sql) and the star edges (identity/link_edges.sql).
CREATE OR REPLACE TEMP TABLE node_links AS
SELECT n.node, h.key, h.value
FROM identity.record_keys_history AS h
JOIN nodes AS n ON n.source = h.source AND n.record_id = h.record_id
WHERE h.valid_to IS NULL AND h.link;
