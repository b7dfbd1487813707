-- The stored current profile of every record this step recomputes (all, for a full step).
-- row_id: where the row is stored, for closing it (identity/close_profile_rows.sql).
-- Two branches, one per kind of step: `$full OR IN (...)` still builds the IN list's hash table
-- (every record, in a full step) and probes it with every stored row.
CREATE OR REPLACE TEMP TABLE old_map AS
WITH scope AS (
    -- one list, not three ORed INs (three mark joins over every stored row)
    SELECT node AS record_no FROM nodes WHERE NOT $full
    UNION ALL
    SELECT record_no FROM order_scope WHERE NOT $full
    UNION ALL
    SELECT record_no FROM erased WHERE NOT $full
)
SELECT source, kind, record_no, profile_no, first_seen_day, rowid AS row_id
FROM identity.record_profiles_history
WHERE valid_to IS NULL AND $full
UNION ALL
SELECT source, kind, record_no, profile_no, first_seen_day, rowid AS row_id
FROM identity.record_profiles_history
WHERE valid_to IS NULL AND NOT $full AND record_no IN (SELECT record_no FROM scope);
