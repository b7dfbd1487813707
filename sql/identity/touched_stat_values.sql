CREATE OR REPLACE TEMP TABLE stat_values AS SELECT key, value FROM touched;
