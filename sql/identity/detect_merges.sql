-- Between old_map and new_map: a profile id that is gone was merged into the profile that now
-- holds most of its records (the surviving, older id).
CREATE OR REPLACE TEMP TABLE merges AS
WITH old AS (SELECT * FROM old_map WHERE kind = 'contacts'),
new AS (SELECT * FROM new_map WHERE kind = 'contacts'),
moved AS (
    SELECT o.profile_id AS from_id, n.profile_id AS into_id, count(*) AS records
    FROM old AS o JOIN new AS n ON n.source = o.source AND n.record_id = o.record_id
    GROUP BY o.profile_id, n.profile_id
),
gone AS (SELECT profile_id FROM old EXCEPT SELECT profile_id FROM new)
SELECT m.from_id AS from_profile_id, m.into_id AS into_profile_id, m.records
FROM moved AS m JOIN gone AS g ON g.profile_id = m.from_id
QUALIFY row_number() OVER (PARTITION BY m.from_id ORDER BY m.records DESC, m.into_id) = 1;
