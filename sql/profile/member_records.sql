-- A profile step reads the member records of the profiles it recomputes (all, for a full step).
CREATE OR REPLACE TEMP TABLE wanted AS
SELECT m.source, m.record_id
FROM identity.mapping_asof($day::DATE) AS m
WHERE NOT $full AND m.profile_id IN (SELECT profile_id FROM recompute);
