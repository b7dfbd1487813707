-- Contacts records as graph nodes, numbered oldest first: the smallest node of a component is
-- its oldest record, and that record anchors the profile id.
CREATE OR REPLACE TEMP TABLE nodes AS
SELECT source, record_id,
       row_number() OVER (ORDER BY first_seen_day, source, record_id) AS node
FROM records_asof
WHERE kind = 'contacts';
