-- The current linking key rows of the contacts records an incremental step recomputes: one scan
-- of the history, read by the orders they reach (identity/affected_orders.sql), the scope's values
-- (identity/scope_stat_values.sql) and the star edges (identity/link_edges.sql).
-- The rows are found by their record_hash, then checked on the texts (as in identity/carriers.sql).
CREATE OR REPLACE TEMP TABLE node_links AS
WITH hits AS MATERIALIZED (
    SELECT h.source, h.record_id, h.key, h.value
    FROM identity.record_keys_history AS h
    WHERE h.valid_to IS NULL AND h.link
      AND h.record_hash IN (SELECT identity.record_hash(source, record_id) FROM nodes)
)
SELECT n.node, h.key, h.value
FROM hits AS h
JOIN nodes AS n ON n.source = h.source AND n.record_id = h.record_id;
