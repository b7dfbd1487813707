CREATE OR REPLACE TEMP TABLE previous AS SELECT source, record_id, profile_id FROM resolved;
