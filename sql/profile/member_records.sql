-- A profile step reads the member records of the profiles it recomputes (all, for a full step),
-- with their profile: identity/records_wanted.sql reads `wanted` for the records, and
-- profile/profile_records.sql for their profiles instead of the whole mapping again.
-- The mapping as of $day (identity.mapping_asof), found by the profiles' numbers.
CREATE OR REPLACE TEMP TABLE wanted AS
SELECT source, record_no, profile_no
FROM identity.record_profiles_history
WHERE NOT $full AND valid_from <= $day::DATE AND (valid_to IS NULL OR valid_to > $day::DATE)
  AND profile_no IN (SELECT profile_no FROM recompute);
