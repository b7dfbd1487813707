-- What a destination's file is made of on $day: the members of $segment (or, for a backstamp,
-- $segment NULL, every profile: each is in exactly one lifecycle segment), with what its layout
-- needs: the $attributes, the destination's own ids (values of $id_key; a value held by several
-- profiles that day is ambiguous and never sent), lifecycle segment and member status, and whether
-- the profile holds a suppressed value (erased: sha256(key:value) in identity.suppressions) in any
-- key or attribute: such a profile is never exported, even before the next identity step drops it.
WITH chosen AS (
    SELECT DISTINCT profile_id FROM segment.members_daily
    WHERE day = $day AND (segment = $segment OR ($segment IS NULL AND segment_group = 'lifecycle'))
),
attrs AS (
    SELECT v.profile_id, v.attribute, v.value, a.key
    FROM profile.attribute_values_daily AS v
    JOIN chosen AS c ON c.profile_id = v.profile_id
    JOIN config.attributes AS a ON a.attribute = v.attribute
    WHERE v.day = $day AND list_contains($attributes, v.attribute)
),
key_values AS (
    SELECT i.profile_id, i.value, count(*) OVER (PARTITION BY i.value) AS holders
    FROM identity.profile_identifiers_daily AS i
    WHERE i.day = $day AND i.key = $id_key
),
ids AS (
    SELECT k.profile_id,
           list(k.value ORDER BY k.value) FILTER (WHERE k.holders = 1) AS ids,
           count(*) FILTER (WHERE k.holders > 1) AS ambiguous
    FROM key_values AS k
    JOIN chosen AS c ON c.profile_id = k.profile_id
    GROUP BY k.profile_id
),
held AS (
    SELECT i.profile_id, i.key, i.value
    FROM identity.profile_identifiers_daily AS i
    JOIN chosen AS c ON c.profile_id = i.profile_id
    WHERE i.day = $day AND EXISTS (SELECT 1 FROM identity.suppressions)
    UNION ALL
    SELECT profile_id, key, value FROM attrs WHERE key IS NOT NULL
),
suppressed AS (
    SELECT DISTINCT h.profile_id
    FROM held AS h
    JOIN identity.suppressions AS s ON s.key = h.key AND s.value_sha256 = sha256(h.key || ':' || h.value)
),
lifecycle AS (
    SELECT m.profile_id, m.segment AS lifecycle FROM segment.members_daily AS m
    JOIN chosen AS c ON c.profile_id = m.profile_id
    WHERE m.day = $day AND m.segment_group = 'lifecycle'
),
status AS (
    SELECT m.profile_id, m.segment AS member_status FROM segment.members_daily AS m
    JOIN chosen AS c ON c.profile_id = m.profile_id
    WHERE m.day = $day AND m.segment_group = 'member_status'
),
attribute_maps AS (
    SELECT profile_id, map_from_entries(list(struct_pack(k := attribute, v := value))) AS attributes
    FROM attrs GROUP BY profile_id
)
SELECT c.profile_id, am.attributes, coalesce(ids.ids, []) AS ids, coalesce(ids.ambiguous, 0) AS ambiguous,
       l.lifecycle, s.member_status, sp.profile_id IS NOT NULL AS suppressed
FROM chosen AS c
LEFT JOIN attribute_maps AS am ON am.profile_id = c.profile_id
LEFT JOIN ids ON ids.profile_id = c.profile_id
LEFT JOIN lifecycle AS l ON l.profile_id = c.profile_id
LEFT JOIN status AS s ON s.profile_id = c.profile_id
LEFT JOIN suppressed AS sp ON sp.profile_id = c.profile_id
ORDER BY c.profile_id;
