-- The labels of the nodes that carry a linking value (temp table edges), each its own node to
-- start: a node without one is a profile by itself and takes no part in the rounds
-- (identity/components.sql adds it; 10M records: 4.0M of 10.4M nodes).
CREATE OR REPLACE TEMP TABLE labels AS
SELECT node, node AS label FROM nodes WHERE node IN (SELECT node FROM edges);
