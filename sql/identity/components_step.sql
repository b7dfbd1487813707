-- One round of min-label propagation through the value nodes (each value's smallest label:
-- identity/components_values.sql), then pointer jumping (a node adopts its label's label), which
-- halves the remaining distance: rounds grow with log(n). `before`: the node's label before the
-- round (identity/components_values_moved.sql reads the nodes whose label dropped).
CREATE OR REPLACE TEMP TABLE labels_next AS
WITH node_min AS (
    SELECT e.node, min(v.label) AS label FROM edges AS e JOIN value_labels AS v USING (vid) GROUP BY e.node
),
propagated AS (
    SELECT l.node, l.label AS before, least(l.label, coalesce(m.label, l.label)) AS label
    FROM labels AS l LEFT JOIN node_min AS m USING (node)
)
SELECT p.node, least(p.label, j.label) AS label, p.before
FROM propagated AS p JOIN propagated AS j ON j.node = p.label;
