-- The file's rows, one per profile (or per destination id when $id_key is set), in profile order:
-- the columns placeholder is the layout's column expressions over f (file_profiles) and u.id.
SELECT {columns}
FROM file_profiles AS f
CROSS JOIN unnest(CASE WHEN $id_key = '' THEN [NULL::VARCHAR] ELSE f.ids END) AS u(id)
WHERE f.left_out IS NULL
ORDER BY f.profile_id, u.id;
