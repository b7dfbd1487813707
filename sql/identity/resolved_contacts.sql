-- Profile id of every contacts record: derived from its component's oldest record
-- (identity/components.sql), so the same input gives the same ids in any load order, a merge keeps
-- the older id and a split leaves the id with the part that holds the oldest record; hashed once
-- per profile, kept as its number (identity.profile_no). The first rows of new_map, the recomputed
-- profile of every record in the step's scope (identity/resolved_orders.sql adds the orders').
-- A node without a label is its own component (identity/components_init.sql).
CREATE OR REPLACE TEMP TABLE new_map AS
WITH ids AS (
    SELECT c.label, identity.profile_no(n.source, n.record_id) AS profile_no
    FROM components AS c
    JOIN nodes AS n ON n.node = c.oldest
)
SELECT n.source, 'contacts' AS kind, n.node AS record_no, i.profile_no, n.first_seen_day
FROM nodes AS n
LEFT JOIN labels AS l ON l.node = n.node
JOIN ids AS i ON i.label = coalesce(l.label, n.node);
