-- Close the stored value of every attribute whose survivor changed or is gone (profile/value_diff.sql).
UPDATE profile.attribute_values_history
SET valid_to = $day
WHERE rowid IN (SELECT closed_row FROM value_diff WHERE closed_row IS NOT NULL);
