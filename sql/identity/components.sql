-- Every component (a profile): its oldest record's node (first seen first, then source, then record
-- id), how many records it holds and whether they come from two or more sources. One aggregate on
-- the integer label, not a sort of every record; identity/resolved_contacts.sql names the profiles
-- after their oldest record, and a full step's cluster-size histogram counts them
-- (identity/cluster_sizes_all.sql) instead of grouping every stored row on its text profile id.
-- Only linked nodes have labels (identity/components_init.sql); every other node is a component
-- of its own, labelled with itself, and skips the aggregate.
CREATE OR REPLACE TEMP TABLE components AS
SELECT l.label, arg_min(n.node, (n.first_seen_day, n.source, n.record_id)) AS oldest,
       count(*) AS size,
       -- whether a profile joins 2+ sources is min <> max: a distinct count per profile took 6 of 9 s
       min(n.source) <> max(n.source) AS cross_source
FROM nodes AS n
JOIN labels AS l ON l.node = n.node
GROUP BY l.label
UNION ALL
SELECT node AS label, node AS oldest, 1 AS size, false AS cross_source
FROM nodes
WHERE node NOT IN (SELECT node FROM labels);
