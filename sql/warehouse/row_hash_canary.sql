-- The row-hash macro's answer for a fixed text now, the answer the stored hashes were computed
-- with (NULL: never computed, a warehouse from before the value_hash column or a new one; another
-- answer: computed by another hash(), or with the record hash dropped for record numbers), and
-- how many *_hash columns still accept NULL (added to a warehouse from before them).
SELECT hash(identity.value_hash('key', 'value'), 'value') AS canary,
       (SELECT max(canary) FROM ops.row_hash_canary) AS stored,
       (SELECT count(*) FROM information_schema.columns
        WHERE column_name LIKE '%\_hash' ESCAPE '\' AND is_nullable = 'YES'
          AND (table_schema, table_name) IN (('identity', 'record_keys_history'),
                                             ('identity', 'record_profiles_history'))) AS nullable;
