-- Every distinct raw phone value of the records read, with its E.164 form from the SQL fast path
-- or from the libphonenumber cache; `known` = false: not yet parsed (identity/phones_to_parse.sql).
-- Both run once per distinct value, not per record.
CREATE OR REPLACE TEMP TABLE phone_values AS
WITH records AS (
    -- a full step's records' fields from raw.records, an incremental step's from records_asof
    -- (identity/records_wanted.sql)
    SELECT fields FROM identity.records_asof($day::DATE) WHERE $full
    UNION ALL
    SELECT fields FROM records_asof WHERE NOT $full
),
raws AS (
    SELECT DISTINCT r.fields[k.field] AS raw
    FROM records AS r
    JOIN config.keys AS k ON k.normaliser = 'phone'
    WHERE trim(r.fields[k.field]) <> ''  -- NULL (no such field) too: see identity/key_values.sql
),
fast AS (
    SELECT raw, identity.fast_phone(raw, $region) AS e164 FROM raws
)
SELECT f.raw, coalesce(f.e164, p.e164) AS e164, f.e164 IS NOT NULL OR p.raw IS NOT NULL AS known
FROM fast AS f
LEFT JOIN identity.phone_numbers AS p ON f.e164 IS NULL AND p.raw = f.raw AND p.region = $region;
