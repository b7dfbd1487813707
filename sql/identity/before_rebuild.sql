-- The mapping of $day as it stood before a rebuild, to report what the rebuild merged or split.
CREATE OR REPLACE TEMP TABLE before_rebuild AS
SELECT source, kind, record_no, profile_no, first_seen_day FROM identity.mapping_asof($day::DATE);
