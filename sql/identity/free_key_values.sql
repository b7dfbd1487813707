-- A full step's key values and their diff with the stored rows, once the key rows are stored
-- (identity/open_key_rows.sql): nothing of a full step reads them after, and dropped outside a
-- transaction their memory is freed at once (28.9M rows at 10M records: 2.5 GiB).
DROP TABLE key_values;
DROP TABLE key_diff;
