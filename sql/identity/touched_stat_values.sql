-- An incremental step's first stat_values: the touched values (their carriers and new caps decide
-- which records the step recomputes; identity/scope_stat_values.sql widens it to the whole scope).
CREATE OR REPLACE TEMP TABLE stat_values AS SELECT key, value FROM touched;
