-- A profile step reads the member records of the profiles it recomputes (all, for a full step),
-- with their profile: identity/records_wanted.sql reads `wanted` for the records, and
-- profile/profile_records.sql for their profiles instead of the whole mapping again.
CREATE OR REPLACE TEMP TABLE wanted AS
SELECT m.source, m.record_id, m.profile_id
FROM identity.mapping_asof($day::DATE) AS m
WHERE NOT $full AND m.profile_id IN (SELECT profile_id FROM recompute);
