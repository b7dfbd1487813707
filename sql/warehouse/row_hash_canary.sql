-- The row-hash macros' answer for fixed texts now, the answer the stored hashes were computed with
-- (NULL: never computed, a warehouse from before the *_hash columns or a new one), and how many
-- *_hash columns still accept NULL (added to a warehouse from before them).
SELECT hash(identity.record_hash('source', 'record'), identity.value_hash('key', 'value')) AS canary,
       (SELECT max(canary) FROM ops.row_hash_canary) AS stored,
       (SELECT count(*) FROM information_schema.columns
        WHERE column_name LIKE '%\_hash' ESCAPE '\' AND is_nullable = 'YES'
          AND (table_schema, table_name) IN (('identity', 'record_keys_history'),
                                             ('identity', 'record_profiles_history'))) AS nullable;
