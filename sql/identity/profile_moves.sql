-- Between old_map and new_map: how many contacts records moved from each stored profile into a
-- different recomputed one, and whether the old id is gone (`from_gone`: no record holds it now)
-- or the new one was born (`into_born`: no record held it before). identity/detect_merges.sql and
-- identity/detect_splits.sql read it: one join of the two maps instead of one each (and an empty
-- old map, a first build, makes it empty at once), and the ids looked up only for the records that
-- changed profile (a gone id's records all moved elsewhere; a born id's all came from elsewhere).
CREATE OR REPLACE TEMP TABLE moves AS
WITH changed AS MATERIALIZED (
    SELECT o.profile_no AS from_id, n.profile_no AS into_id, count(*) AS records
    FROM old_map AS o
    JOIN new_map AS n ON n.record_no = o.record_no
    WHERE o.kind = 'contacts' AND n.kind = 'contacts' AND o.profile_no <> n.profile_no
    GROUP BY o.profile_no, n.profile_no
),
kept AS (
    SELECT DISTINCT profile_no FROM new_map
    WHERE kind = 'contacts' AND profile_no IN (SELECT from_id FROM changed)
),
existed AS (
    SELECT DISTINCT profile_no FROM old_map
    WHERE kind = 'contacts' AND profile_no IN (SELECT into_id FROM changed)
)
SELECT c.from_id, c.into_id, c.records,
       c.from_id NOT IN (SELECT profile_no FROM kept) AS from_gone,
       c.into_id NOT IN (SELECT profile_no FROM existed) AS into_born
FROM changed AS c;
