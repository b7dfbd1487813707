CREATE OR REPLACE TEMP TABLE new_map AS SELECT * FROM identity.mapping_asof($day::DATE);
