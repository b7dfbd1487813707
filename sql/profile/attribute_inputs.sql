-- Where each profile attribute's candidates come from: its sources (its `sources`, or every
-- contacts source when it lists none) that map its field or hold its key, with the source's
-- priority for the attribute and its position in config/sources.yaml. A table of its own (a few
-- dozen rows), so that the candidates' joins know how small it is: as a CTE of the candidates,
-- they took 75 s and 19 GiB at 10M records; reading this table, 51-63 s and 17 GiB.
-- `stamp`: the attribute is the oldest or newest of its records' own timestamps (min / max of
-- `record_updated_at`, e.g. first_seen_at and last_seen_at): profile/attribute_survivors.sql takes
-- it straight from profile/profile_records.sql, without a candidate per record (two of every
-- record's candidates at 10M records).
-- `labels`: the attribute's value map for the source, as a MAP from lower-case code to label
-- (NULL when it has none); looking a code up in it costs less than joining every candidate to
-- config.value_maps (at 10M records, 35M candidates went through that join: 5.6 of 48 CPU-s).
CREATE OR REPLACE TEMP TABLE attribute_inputs AS
SELECT a.attribute, a.field, a.key, a.value_map, vm.labels, cs.source, cs.position AS source_position,
       s.priority AS source_priority,
       coalesce(a.field = 'record_updated_at' AND a.rule IN ('min', 'max') AND a.type = 'timestamp'
                AND a.value_map IS NULL
                AND a.attribute NOT IN (SELECT attribute FROM config.attribute_groups), false) AS stamp
FROM config.attributes AS a
JOIN config.sources AS cs ON cs.kind = 'contacts'
LEFT JOIN config.attribute_sources AS s ON s.attribute = a.attribute AND s.source = cs.source
LEFT JOIN (
    SELECT value_map, source, map(list(code ORDER BY code), list(label ORDER BY code)) AS labels
    FROM (SELECT value_map, source, lower(code) AS code, min(label) AS label
          FROM config.value_maps GROUP BY value_map, source, lower(code))
    GROUP BY value_map, source
) AS vm ON vm.value_map = a.value_map AND vm.source = cs.source
WHERE (s.source IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM config.attribute_sources AS x WHERE x.attribute = a.attribute))
  AND (a.key IS NOT NULL OR a.field = 'record_updated_at'
       OR EXISTS (SELECT 1 FROM config.source_fields AS f WHERE f.source = cs.source AND f.field = a.field));
