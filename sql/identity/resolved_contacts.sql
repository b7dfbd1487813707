-- Profile id of every contacts record: derived from the component's oldest record (first seen
-- first, then source, then record id), so the same input gives the same ids in any load order, a
-- merge keeps the older id and a split leaves the id with the part that holds the oldest record.
-- The oldest record is a node per component (an aggregate on the integer label, not a sort of every
-- record), and the id is hashed once per profile. The first rows of new_map, the recomputed profile
-- of every record in the step's scope (identity/resolved_orders.sql adds the orders').
CREATE OR REPLACE TEMP TABLE new_map AS
WITH members AS (
    SELECT n.node, n.source, n.record_id, n.first_seen_day, l.label
    FROM nodes AS n
    JOIN labels AS l ON l.node = n.node
),
oldest AS (
    SELECT label, arg_min(node, (first_seen_day, source, record_id)) AS node
    FROM members
    GROUP BY label
),
ids AS (
    SELECT o.label, 'p_' || substr(md5(n.source || '|' || n.record_id), 1, 16) AS profile_id
    FROM oldest AS o
    JOIN nodes AS n ON n.node = o.node
)
SELECT m.source, 'contacts' AS kind, m.record_id, i.profile_id, m.first_seen_day
FROM members AS m
JOIN ids AS i ON i.label = m.label;
