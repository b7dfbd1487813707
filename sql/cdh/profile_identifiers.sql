-- cdh.profile_identifiers (1:N): every valid value of every key of a profile, latest day.
CREATE OR REPLACE VIEW cdh.profile_identifiers AS
SELECT profile_id, key, value, records
FROM identity.profile_identifiers_daily
WHERE day = (SELECT max(day) FROM identity.profile_identifiers_daily);
