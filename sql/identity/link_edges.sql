-- Star edges: each recomputed record to each linking value it carries (k records sharing a value
-- give k edges, not k*k pairs). Values carried by a single record link nothing and are left out.
CREATE OR REPLACE TEMP TABLE edges AS
SELECT n.node, dense_rank() OVER (ORDER BY h.key, h.value) AS vid
FROM identity.record_keys_history AS h
JOIN nodes AS n ON n.source = h.source AND n.record_id = h.record_id
JOIN value_stats AS s ON s.key = h.key AND s.value = h.value
WHERE h.valid_to IS NULL AND h.link AND s.skip_reason IS NULL AND s.records > 1;
