-- Every candidate value of every profile attribute as of $day: from a canonical field or from an
-- identity key's usable normalised value (as the identity step stored it), limited to the attribute's
-- sources, with codes mapped to labels; `members`: how many of the records read (all of each
-- recomputed profile's, profile/member_records.sql) the profile holds: with one, each attribute has
-- at most one candidate.
CREATE OR REPLACE TEMP TABLE attribute_candidates AS
WITH rp AS (
    SELECT m.source, m.record_id, m.profile_id, r.record_ts,
           count(*) OVER (PARTITION BY m.profile_id) AS members
    FROM identity.mapping_asof($day::DATE) AS m
    JOIN records_asof AS r ON r.source = m.source AND r.record_id = m.record_id AND r.kind = 'contacts'
),
from_fields AS (
    SELECT rp.profile_id, rp.members, a.attribute, r.source, r.record_id, r.record_ts,
           CASE WHEN a.field = 'record_updated_at' THEN strftime(r.record_ts, '%Y-%m-%dT%H:%M:%S%z')
                ELSE r.fields[a.field] END AS value
    FROM records_asof AS r
    JOIN rp ON rp.source = r.source AND rp.record_id = r.record_id
    JOIN config.attributes AS a ON a.field IS NOT NULL
    WHERE r.kind = 'contacts'
),
from_keys AS (
    SELECT rp.profile_id, rp.members, a.attribute, k.source, k.record_id, rp.record_ts, k.value
    FROM identity.record_keys_history AS k
    JOIN rp ON rp.source = k.source AND rp.record_id = k.record_id
    JOIN config.attributes AS a ON a.key = k.key
    WHERE k.kind = 'contacts' AND k.valid_from <= $day AND (k.valid_to IS NULL OR k.valid_to > $day)
),
candidates AS (
    SELECT * FROM from_fields WHERE value IS NOT NULL AND trim(value) <> ''
    UNION ALL
    SELECT * FROM from_keys
)
SELECT c.profile_id, c.members, c.attribute, a.rule, a.type, a.value_map, c.source, c.record_id,
       c.record_ts,
       c.value AS raw_value,
       CASE WHEN a.value_map IS NULL THEN c.value ELSE m.label END AS value,
       a.value_map IS NOT NULL AND m.code IS NULL AS unmapped,
       s.priority AS source_priority,
       cs.position AS source_position
FROM candidates AS c
JOIN config.attributes AS a ON a.attribute = c.attribute
JOIN config.sources AS cs ON cs.source = c.source
LEFT JOIN config.attribute_sources AS s ON s.attribute = c.attribute AND s.source = c.source
LEFT JOIN config.value_maps AS m
       ON m.value_map = a.value_map AND m.source = c.source AND lower(m.code) = lower(trim(c.value))
WHERE s.source IS NOT NULL
   OR NOT EXISTS (SELECT 1 FROM config.attribute_sources AS x WHERE x.attribute = c.attribute);
