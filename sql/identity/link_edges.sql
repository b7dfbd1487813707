-- An incremental step's star edges (identity/all_link_edges.sql in a full step): each recomputed
-- record to each linking value it carries, from the records' rows in node_links. Values carried
-- by a single record link nothing and are left out; a value's number is arbitrary.
CREATE OR REPLACE TEMP TABLE edges AS
WITH linking AS (
    SELECT key, value, row_number() OVER () AS vid
    FROM value_stats
    WHERE skip_reason IS NULL AND records > 1
)
SELECT l.node, v.vid
FROM node_links AS l
JOIN linking AS v ON v.key = l.key AND v.value = l.value;
