-- Each linking value's smallest label among its records, and whether its records disagree (`split`):
-- the first half of a round of identity/components_step.sql, and the test that ends the rounds.
-- When no value's records disagree, every component holds one label, its smallest node (that node
-- never takes a larger label): the labels are final, without a round that changes nothing.
CREATE OR REPLACE TEMP TABLE value_labels AS
SELECT e.vid, min(l.label) AS label, min(l.label) <> max(l.label) AS split
FROM edges AS e
JOIN labels AS l ON l.node = e.node
GROUP BY e.vid;
