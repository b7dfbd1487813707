-- A full step's key values, once its key rows are stored (identity/open_key_rows.sql): nothing of a
-- full step reads them after, and dropped outside a transaction their memory is freed at once
-- (28.9M rows at 10M records: 2.5 GiB). key_diff stays: it holds only the changed rows, and
-- identity/insert_skipped_values.sql reads it.
DROP TABLE key_values;
