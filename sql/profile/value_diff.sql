-- How the survivors differ from the stored current values of the recomputed profiles and of
-- profiles that lost members since the previous step (every stored value, for a full step): per
-- (profile, attribute), the stored row to close (`closed_row`: its survivor changed or is gone) and
-- the survivor to open (`opened_row`, its rowid in survivors: it is new or changed; two numbers, not
-- a copy of the survivors, which a first build would make of every one). Both sides hold one row per
-- (profile, attribute), so one full outer join on those two finds both: an anti-join each way on
-- every column cost a rebuild of a built 10M-record warehouse 14 s to copy the stored values and
-- 54 s for the two joins.
-- The stored values are found with one IN over a UNION ALL (two ORed IN lists cost two mark joins
-- over every stored value); closed_row is where the row is stored, for closing it without another
-- scan (read in the same transaction as the update, so it does not move).
CREATE OR REPLACE TEMP TABLE value_diff AS
WITH scope AS (
    SELECT profile_no FROM recompute WHERE NOT $full
    UNION ALL
    -- contacts members only: a profile that lost an order keeps its attributes (orders give
    -- none), and is not recomputed (profile/recompute_profiles.sql)
    SELECT profile_no FROM identity.record_profiles_history
    WHERE NOT $full AND kind = 'contacts' AND valid_to > $prev::DATE AND valid_to <= $day::DATE
),
stored AS (
    -- a full step's: every current value (a branch of its own: `$full OR IN (...)` still probes
    -- every stored value); an incremental step's, found by the profiles' numbers
    SELECT profile_no, attribute, value, source, record_no, candidates, rowid AS row_id
    FROM profile.attribute_values_history
    WHERE $full AND valid_to IS NULL
    UNION ALL
    SELECT profile_no, attribute, value, source, record_no, candidates, rowid AS row_id
    FROM profile.attribute_values_history
    WHERE NOT $full AND valid_to IS NULL AND profile_no IN (SELECT profile_no FROM scope)
)
SELECT o.row_id AS closed_row, s.rowid AS opened_row
FROM survivors AS s
FULL OUTER JOIN stored AS o ON o.profile_no = s.profile_no AND o.attribute = s.attribute
WHERE o.profile_no IS NULL OR s.profile_no IS NULL
   OR o.value <> s.value OR o.source <> s.source OR o.record_no IS DISTINCT FROM s.record_no
   OR o.candidates <> s.candidates;
