-- The recomputed profile of every record in this step's scope.
CREATE OR REPLACE TEMP TABLE new_map AS
SELECT r.source, CASE WHEN n.node IS NULL THEN 'orders' ELSE 'contacts' END AS kind,
       r.record_id, r.profile_id, n.first_seen_day
FROM resolved AS r
LEFT JOIN nodes AS n ON n.source = r.source AND n.record_id = r.record_id;
