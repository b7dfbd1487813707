-- The stored current profile of every record this step recomputes (all, for a full step).
-- row_id: where the row is stored, for closing it (identity/close_profile_rows.sql).
-- Two branches, one per kind of step: `$full OR IN (...)` still builds the IN list's hash table
-- (every record, in a full step) and probes it with every stored row.
CREATE OR REPLACE TEMP TABLE old_map AS
SELECT source, kind, record_id, profile_id, first_seen_day, rowid AS row_id
FROM identity.record_profiles_history
WHERE valid_to IS NULL AND $full
UNION ALL
SELECT source, kind, record_id, profile_id, first_seen_day, rowid AS row_id
FROM identity.record_profiles_history
WHERE valid_to IS NULL AND NOT $full
  -- one IN over a UNION ALL, not three ORed INs (three mark joins over every stored row)
  AND (source, record_id) IN (
      SELECT source, record_id FROM nodes
      UNION ALL
      SELECT source, record_id FROM order_scope
      UNION ALL
      SELECT source, record_id FROM erased);
