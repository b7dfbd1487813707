-- Whether the history tables still store text profile ids (a warehouse from before profile
-- numbers), and how many profile_no columns still accept NULL (added to such a warehouse).
SELECT count(*) FILTER (WHERE column_name = 'profile_id' AND table_name = 'record_profiles_history')
           AS text_ids,
       count(*) FILTER (WHERE column_name = 'profile_no' AND is_nullable = 'YES') AS nullable
FROM information_schema.columns
WHERE (table_schema, table_name) IN (('identity', 'record_profiles_history'),
                                     ('profile', 'attribute_values_history'));
