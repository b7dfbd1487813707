-- Today's rows of a delta file: each row's key (the placeholder key: the row itself for a segment
-- file, the destination id for a backstamp) and its identity values as a JSON list (the values
-- placeholder: the layout's identity columns over f and u.id), in file order, each key once.
CREATE OR REPLACE TEMP TABLE file_current AS
SELECT {key} AS row_key, to_json([{values}])::VARCHAR AS row_values, f.profile_id, u.id
FROM file_profiles AS f
CROSS JOIN unnest(CASE WHEN $id_key = '' THEN [NULL::VARCHAR] ELSE f.ids END) AS u(id)
WHERE f.left_out IS NULL
QUALIFY row_number() OVER (PARTITION BY row_key ORDER BY f.profile_id, u.id) = 1;
