-- One round of min-label propagation through the value nodes, then pointer jumping (a node
-- adopts its label's label), which halves the remaining distance: rounds grow with log(n).
CREATE OR REPLACE TEMP TABLE labels_next AS
WITH value_min AS (
    SELECT e.vid, min(l.label) AS label FROM edges AS e JOIN labels AS l USING (node) GROUP BY e.vid
),
node_min AS (
    SELECT e.node, min(v.label) AS label FROM edges AS e JOIN value_min AS v USING (vid) GROUP BY e.node
),
propagated AS (
    SELECT l.node, least(l.label, coalesce(m.label, l.label)) AS label
    FROM labels AS l LEFT JOIN node_min AS m USING (node)
)
SELECT p.node, least(p.label, j.label) AS label
FROM propagated AS p JOIN propagated AS j ON j.node = p.label;
