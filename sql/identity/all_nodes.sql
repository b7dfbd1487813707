-- A full step's nodes (instead of identity/affected_nodes.sql): every contacts record as of the
-- day that is not erased, without the incremental step's scoping joins. A node's number only names
-- it (no sort: numbering 10M records oldest first took 5-7 s); identity/resolved_contacts.sql
-- finds each component's oldest record.
CREATE OR REPLACE TEMP TABLE nodes AS
SELECT source, record_id, first_seen_day, row_number() OVER () AS node
FROM records_asof
WHERE kind = 'contacts' AND (source, record_id) NOT IN (SELECT source, record_id FROM erased);
