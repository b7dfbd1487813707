CREATE OR REPLACE TEMP TABLE clusters AS
SELECT i.source, i.record_id, c.cluster_id AS cluster
FROM splink_clusters AS c JOIN bench.splink_input AS i USING (unique_id);
