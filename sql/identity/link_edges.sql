-- Star edges: each record to each linking value it carries (k records sharing a value give k
-- edges, not k*k pairs). Values carried by a single record link nothing and are left out.
CREATE OR REPLACE TEMP TABLE edges AS
SELECT n.node, dense_rank() OVER (ORDER BY kv.key, kv.value) AS vid
FROM key_values AS kv
JOIN value_stats AS s ON s.key = kv.key AND s.value = kv.value
JOIN nodes AS n ON n.source = kv.source AND n.record_id = kv.record_id
WHERE kv.problem IS NULL AND kv.link AND kv.kind = 'contacts'
  AND s.skip_reason IS NULL AND s.records > 1;
