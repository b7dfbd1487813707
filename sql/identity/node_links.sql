-- The current linking key rows of the contacts records an incremental step recomputes: one scan
-- of the history, read by the orders they reach (identity/affected_orders.sql), the scope's values
-- (identity/scope_stat_values.sql) and the star edges (identity/link_edges.sql).
-- The rows are found by their record's number, which names the node (identity/affected_nodes.sql).
CREATE OR REPLACE TEMP TABLE node_links AS
SELECT h.record_no AS node, h.key, h.value
FROM identity.record_keys_history AS h
WHERE h.valid_to IS NULL AND h.link AND h.record_no IN (SELECT node FROM nodes);
