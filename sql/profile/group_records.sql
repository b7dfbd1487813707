-- Attribute groups (config/profile.yaml `groups`): the attributes of a group come from one record
-- together. Per profile and group, the record chosen by the group's rule among the records that
-- have a candidate for any of its attributes (only the listed sources, for source_priority).
CREATE OR REPLACE TEMP TABLE group_records AS
SELECT c.profile_no, g.group_name, c.record_no
FROM attribute_candidates AS c
JOIN config.attribute_groups AS g ON g.attribute = c.attribute
LEFT JOIN config.group_sources AS gs ON gs.group_name = g.group_name AND gs.source = c.source
WHERE c.value IS NOT NULL AND trim(c.value) <> ''  -- an unmapped code has no value
  AND (g.rule <> 'source_priority' OR gs.source IS NOT NULL)
QUALIFY row_number() OVER (
    PARTITION BY c.profile_no, g.group_name
    ORDER BY
        CASE WHEN g.rule = 'source_priority' THEN gs.priority END ASC NULLS LAST,
        CASE WHEN g.rule = 'earliest' THEN c.record_ts END ASC NULLS LAST,
        c.recency  -- newest record first, then source order, then record id
) = 1;
