CREATE OR REPLACE TEMP TABLE new_map AS
SELECT source, kind, record_no, profile_no, first_seen_day FROM identity.mapping_asof($day::DATE);
