-- The destinations' own ids on $day (values of each key named as an id_key): per profile, the
-- values only it holds; a value held by several profiles that day is ambiguous and never sent.
CREATE OR REPLACE TEMP TABLE export_ids AS
WITH key_values AS (
    SELECT key, profile_id, value, count(*) OVER (PARTITION BY key, value) AS holders
    FROM identity.profile_identifiers_daily
    WHERE day = $day AND list_contains($keys, key)
)
SELECT key, profile_id,
       coalesce(list(value ORDER BY value) FILTER (WHERE holders = 1), []) AS ids,
       count(*) FILTER (WHERE holders > 1) AS ambiguous
FROM key_values
GROUP BY key, profile_id;
