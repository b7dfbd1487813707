-- identity/components_values.sql after a round after the first, for the values of the nodes whose
-- label dropped in it (labels_next: `before` the round, then `label`). Any other value's records
-- kept their labels and agreed before the round (a value whose records disagree has a node whose
-- label drops), so they still agree. At 10M records, the check after the second (last) round took
-- 0.1-0.2 s instead of 0.9-1.0 s over every value. After the first round most labels have moved:
-- reading them all costs less there.
CREATE OR REPLACE TEMP TABLE value_labels AS
SELECT e.vid, min(l.label) AS label, min(l.label) <> max(l.label) AS split
FROM edges AS e
JOIN labels AS l ON l.node = e.node
WHERE e.vid IN (SELECT vid FROM edges WHERE node IN (SELECT node FROM labels_next WHERE label < before))
GROUP BY e.vid;
