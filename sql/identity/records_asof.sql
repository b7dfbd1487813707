CREATE OR REPLACE TEMP TABLE records_asof AS
SELECT * FROM identity.records_asof($day::DATE);
