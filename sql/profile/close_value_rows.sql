-- Close the stored value of every attribute whose survivor changed or is gone (old_values and
-- survivors hold one row per profile and attribute: an anti-join, not EXCEPT's de-duplication).
-- A left join from old_values lets the join build on the smaller side (NOT EXISTS built a hash
-- table of every survivor even when nothing was stored yet: 11 s of a first 10M-record build);
-- the rows are found by the row_id old_values read, not by another join over every stored value.
UPDATE profile.attribute_values_history
SET valid_to = $day
WHERE rowid IN (
    SELECT o.row_id
    FROM old_values AS o
    LEFT JOIN survivors AS s
           ON s.profile_id = o.profile_id AND s.attribute = o.attribute AND s.value = o.value
          AND s.source = o.source AND s.record_id IS NOT DISTINCT FROM o.record_id
          AND s.candidates = o.candidates
    WHERE s.profile_id IS NULL
);
