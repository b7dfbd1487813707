-- An incremental step's first carriers (temp table `carriers`, read through the view
-- stat_carriers): the current linking key rows, of contacts and orders, carrying a touched value.
-- The touched values' new caps (identity/value_stats.sql) and the records they reach
-- (identity/affected_nodes.sql) both read them, from this one scan of the history.
CREATE OR REPLACE TEMP TABLE carriers AS
SELECT h.source, h.kind, h.record_id, h.key, h.priority, h.value
FROM identity.record_keys_history AS h
JOIN touched AS t ON t.key = h.key AND t.value = h.value
WHERE h.valid_to IS NULL AND h.link;
