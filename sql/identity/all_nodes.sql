-- A full step's nodes (instead of identity/affected_nodes.sql): every contacts record as of the
-- day that is not erased, without the incremental step's scoping joins. A node is named by its
-- record's number (raw.record_numbers), which names nothing else: identity/resolved_contacts.sql
-- finds each component's oldest record by day and id.
CREATE OR REPLACE TEMP TABLE nodes AS
SELECT source, record_id, first_seen_day, record_no AS node
FROM records_asof
WHERE kind = 'contacts' AND record_no NOT IN (SELECT record_no FROM erased);
