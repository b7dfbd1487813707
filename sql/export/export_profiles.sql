-- Every profile on $day with what the destinations' layouts need (built once per day, read for
-- every file): lifecycle segment, member status, whether it holds a suppressed value (erased:
-- sha256(key:value) in identity.suppressions) in any key or attribute — such a profile is never
-- exported, even before the next identity step drops it — and the attributes the layouts use, one
-- text column each (the attribute_columns placeholder, filled from config/destinations.yaml).
CREATE OR REPLACE TEMP TABLE export_profiles AS
WITH profiles AS (
    SELECT profile_id, segment AS lifecycle FROM segment.members_daily
    WHERE day = $day AND segment_group = 'lifecycle'
),
status AS (
    SELECT profile_id, segment AS member_status FROM segment.members_daily
    WHERE day = $day AND segment_group = 'member_status'
),
held AS (
    SELECT i.profile_id, i.key, i.value
    FROM identity.profile_identifiers_daily AS i
    WHERE i.day = $day AND EXISTS (SELECT 1 FROM identity.suppressions)
    UNION ALL
    SELECT v.profile_id, a.key, v.value
    FROM profile.attribute_values_daily AS v
    JOIN config.attributes AS a ON a.attribute = v.attribute AND a.key IS NOT NULL
    WHERE v.day = $day AND EXISTS (SELECT 1 FROM identity.suppressions)
),
suppressed AS (
    SELECT DISTINCT h.profile_id
    FROM held AS h
    JOIN identity.suppressions AS s ON s.key = h.key AND s.value_sha256 = sha256(h.key || ':' || h.value)
)
SELECT p.profile_id, p.lifecycle, s.member_status, sp.profile_id IS NOT NULL AS suppressed{attribute_columns}
FROM profiles AS p
LEFT JOIN status AS s ON s.profile_id = p.profile_id
LEFT JOIN suppressed AS sp ON sp.profile_id = p.profile_id
LEFT JOIN profile.attribute_values_daily AS v
       ON v.day = $day AND v.profile_id = p.profile_id AND list_contains($attributes, v.attribute)
GROUP BY p.profile_id, p.lifecycle, s.member_status, sp.profile_id;
