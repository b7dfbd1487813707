-- The profiles of one file on $day (the members of $segment, or every profile for a backstamp:
-- $segment NULL) with why each is left out, if it is: 'suppressed' (holds an erased value),
-- 'no_contact' (none of the layout's require_any attributes: the has_contact placeholder) or
-- 'no_id' (no value of the destination's $id_key only it holds).
CREATE OR REPLACE TEMP TABLE file_profiles AS
SELECT e.*, coalesce(i.ids, []) AS ids, coalesce(i.ambiguous, 0) AS ambiguous,
       CASE WHEN e.suppressed THEN 'suppressed'
            WHEN NOT ({has_contact}) THEN 'no_contact'
            WHEN $id_key <> '' AND len(coalesce(i.ids, [])) = 0 THEN 'no_id'
       END AS left_out
FROM export_profiles AS e
LEFT JOIN export_ids AS i ON i.key = $id_key AND i.profile_id = e.profile_id
WHERE $segment IS NULL
   OR e.profile_id IN (SELECT profile_id FROM segment.members_daily WHERE day = $day AND segment = $segment);
