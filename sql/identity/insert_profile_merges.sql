-- A profile id present yesterday and gone today was merged into the profile that now holds most
-- of its records (the surviving, older id).
INSERT INTO identity.profile_merges_daily (day, from_profile_id, into_profile_id, records)
WITH moved AS (
    SELECT p.profile_id AS from_id, r.profile_id AS into_id, count(*) AS records
    FROM previous AS p
    JOIN resolved AS r ON r.source = p.source AND r.record_id = p.record_id
    GROUP BY p.profile_id, r.profile_id
),
gone AS (
    SELECT profile_id FROM previous EXCEPT SELECT profile_id FROM resolved
)
SELECT $day, m.from_id, m.into_id, m.records
FROM moved AS m JOIN gone AS g ON g.profile_id = m.from_id
QUALIFY row_number() OVER (PARTITION BY m.from_id ORDER BY m.records DESC, m.into_id) = 1;
