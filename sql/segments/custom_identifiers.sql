-- Side table for custom segments: every usable key value of each profile on the day.
CREATE OR REPLACE TEMP TABLE identifiers AS
SELECT profile_id, key, value, records FROM identity.profile_identifiers_daily WHERE day = $day;
