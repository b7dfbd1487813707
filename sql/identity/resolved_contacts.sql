-- Profile id of every contacts record: derived from the component's oldest record, so the same
-- input gives the same ids in any load order, a merge keeps the older id and a split leaves the
-- id with the part that holds the oldest record.
CREATE OR REPLACE TEMP TABLE resolved AS
SELECT n.source, n.record_id, 'p_' || substr(md5(a.source || '|' || a.record_id), 1, 16) AS profile_id
FROM nodes AS n
JOIN labels AS l USING (node)
JOIN nodes AS a ON a.node = l.label;
