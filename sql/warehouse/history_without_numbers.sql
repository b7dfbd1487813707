-- Whether the identity history tables lack record numbers (a warehouse from before them, which
-- found a record's rows by a hash of its id: warehouse/history_record_numbers.sql numbers them).
SELECT count(*) < 2 FROM information_schema.columns
WHERE table_schema = 'identity' AND table_name IN ('record_keys_history', 'record_profiles_history')
  AND column_name = 'record_no';
