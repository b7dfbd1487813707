-- Between old_map and new_map: a new profile id made of records of a profile that still exists
-- split off from it; it records where most of its records came from.
CREATE OR REPLACE TEMP TABLE splits AS
WITH old AS (SELECT * FROM old_map WHERE kind = 'contacts'),
new AS (SELECT * FROM new_map WHERE kind = 'contacts'),
born AS (SELECT profile_id FROM new EXCEPT SELECT profile_id FROM old),
came_from AS (
    SELECT n.profile_id, o.profile_id AS from_id, count(*) AS records
    FROM new AS n
    JOIN born AS b ON b.profile_id = n.profile_id
    JOIN old AS o ON o.source = n.source AND o.record_id = n.record_id
    GROUP BY n.profile_id, o.profile_id
)
SELECT c.profile_id, c.from_id AS from_profile_id, c.records
FROM came_from AS c
WHERE c.from_id IN (SELECT profile_id FROM new)
QUALIFY row_number() OVER (PARTITION BY c.profile_id ORDER BY c.records DESC, c.from_id) = 1;
