-- A profile step reads the member records of the profiles it recomputes (all, for a full step),
-- with their profile: identity/records_wanted.sql reads `wanted` for the records, and
-- profile/profile_records.sql for their profiles instead of the whole mapping again.
-- The mapping as of $day (identity.mapping_asof), found by profile_hash and checked on the text
-- (as in identity/carriers.sql).
CREATE OR REPLACE TEMP TABLE wanted AS
WITH by_hash AS MATERIALIZED (
    SELECT source, record_id, profile_id
    FROM identity.record_profiles_history
    WHERE NOT $full AND valid_from <= $day::DATE AND (valid_to IS NULL OR valid_to > $day::DATE)
      AND profile_hash IN (SELECT identity.profile_hash(profile_id) FROM recompute)
)
SELECT source, record_id, profile_id FROM by_hash WHERE profile_id IN (SELECT profile_id FROM recompute);
