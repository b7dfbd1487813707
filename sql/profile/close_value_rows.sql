-- Close the stored value of every attribute whose survivor changed or is gone (old_values and
-- survivors hold one row per profile and attribute: an anti-join, not EXCEPT's de-duplication).
-- A left join from old_values lets the join build on the smaller side: NOT EXISTS built a hash
-- table of every survivor even when nothing was stored yet (11 s of a first 10M-record build).
UPDATE profile.attribute_values_history AS h
SET valid_to = $day
FROM (
    SELECT o.profile_id, o.attribute
    FROM old_values AS o
    LEFT JOIN survivors AS s
           ON s.profile_id = o.profile_id AND s.attribute = o.attribute AND s.value = o.value
          AND s.source = o.source AND s.record_id IS NOT DISTINCT FROM o.record_id
          AND s.candidates = o.candidates
    WHERE s.profile_id IS NULL
) AS gone
WHERE h.valid_to IS NULL AND h.profile_id = gone.profile_id AND h.attribute = gone.attribute;
