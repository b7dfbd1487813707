-- GX batch: one source's records delivered on one day, with its required fields as columns.
-- (A GX query asset takes literal SQL: {source} and {day} arrive as quoted literals,
-- {required_columns} as fields['x'] AS "x" built from validated config names.)
SELECT record_id{required_columns}
FROM raw.records
WHERE source = {source} AND day = {day}
