-- An incremental step's carriers: the temp table `carriers` (identity/carriers.sql, for the touched
-- values, then for the scope's). A view, so identity/value_stats.sql, identity/resolved_orders.sql
-- and identity/insert_skipped_values.sql read the same rows as a full step's
-- identity/all_stat_carriers.sql.
CREATE OR REPLACE TEMP VIEW stat_carriers AS
SELECT source, kind, record_no, key, priority, value FROM carriers;
