-- A full step's nodes (instead of identity/affected_nodes.sql): every contacts record as of the
-- day that is not erased, numbered oldest first, without the incremental step's scoping joins.
CREATE OR REPLACE TEMP TABLE nodes AS
SELECT source, record_id, first_seen_day,
       row_number() OVER (ORDER BY first_seen_day, source, record_id) AS node
FROM records_asof
WHERE kind = 'contacts' AND (source, record_id) NOT IN (SELECT source, record_id FROM erased);
