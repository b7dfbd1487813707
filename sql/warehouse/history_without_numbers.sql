-- The identity history tables that still name records by id (a warehouse from before record
-- numbers, which found a record's rows by a hash of its id: warehouse/history_record_numbers.sql
-- number them).
SELECT table_name FROM information_schema.columns
WHERE table_schema = 'identity' AND table_name IN ('record_keys_history', 'record_profiles_history')
  AND column_name = 'record_id'
ORDER BY table_name;
