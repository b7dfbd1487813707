-- Star edges: each recomputed record to each linking value it carries (k records sharing a value
-- give k edges, not k*k pairs). Values carried by a single record link nothing and are left out.
-- A value's number only names it in the edges: it is arbitrary (no sort), components take the
-- smallest record node. A full step's edges, read straight from the history (an incremental step
-- reads its records' rows from node_links: identity/link_edges.sql). A node is its record's number:
-- the current contacts rows are those of every node (the step has just stored them, its erased
-- records' closed), so no join to the nodes is needed.
CREATE OR REPLACE TEMP TABLE edges AS
WITH linking AS (
    SELECT key, value, row_number() OVER () AS vid
    FROM value_stats
    WHERE skip_reason IS NULL AND records > 1
)
SELECT h.record_no AS node, v.vid
FROM identity.record_keys_history AS h
JOIN linking AS v ON v.key = h.key AND v.value = h.value
WHERE h.valid_to IS NULL AND h.link AND h.kind = 'contacts';
