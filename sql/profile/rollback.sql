-- Undo every profile step from $day on: rows written by those steps go, rows they closed reopen.
DELETE FROM profile.attribute_values_history WHERE valid_from >= $day;
UPDATE profile.attribute_values_history SET valid_to = NULL WHERE valid_to >= $day;
DELETE FROM profile.unmapped_codes_daily WHERE day >= $day;
DELETE FROM profile.steps WHERE day >= $day;
