-- The surviving value of every attribute of every recomputed profile: exactly one row per
-- (profile, attribute), chosen by the attribute's rule, ties broken by recency, source order,
-- record id.
CREATE OR REPLACE TEMP TABLE survivors AS
WITH usable AS (
    SELECT *,
           CASE WHEN type IN ('integer', 'decimal') THEN TRY_CAST(value AS DOUBLE)
                WHEN type = 'date' THEN epoch(TRY_CAST(value AS DATE))
                WHEN type = 'timestamp' THEN epoch(TRY_CAST(value AS TIMESTAMPTZ))
           END AS sort_num,
           count(*) OVER (PARTITION BY profile_id, attribute, value) AS value_count,
           count(*) OVER (PARTITION BY profile_id, attribute) AS candidates
    FROM attribute_candidates
    WHERE NOT unmapped AND value IS NOT NULL AND trim(value) <> ''
),
single AS (
    SELECT profile_id, attribute, value, source, record_id, candidates
    FROM usable
    WHERE rule <> 'merge'
    QUALIFY row_number() OVER (
        PARTITION BY profile_id, attribute
        ORDER BY
            CASE WHEN rule = 'source_priority' THEN source_priority END ASC NULLS LAST,
            CASE WHEN rule = 'most_frequent' THEN value_count END DESC NULLS LAST,
            CASE WHEN rule = 'max' THEN sort_num END DESC NULLS LAST,
            CASE WHEN rule = 'max' THEN value END DESC NULLS LAST,
            CASE WHEN rule = 'min' THEN sort_num END ASC NULLS LAST,
            CASE WHEN rule = 'min' THEN value END ASC NULLS LAST,
            CASE WHEN rule = 'earliest' THEN record_ts END ASC NULLS LAST,
            record_ts DESC NULLS LAST,
            source_position,
            record_id
    ) = 1
),
merge_values AS (
    -- merge: each distinct text once, with the source of its newest record
    SELECT profile_id, attribute, trim(value) AS value,
           arg_max(source, record_ts) AS source, arg_max(record_id, record_ts) AS record_id,
           min(source_position) AS position, max(candidates) AS candidates
    FROM usable
    WHERE rule = 'merge'
    GROUP BY profile_id, attribute, trim(value)
),
merged AS (
    SELECT profile_id, attribute,
           CASE WHEN count(*) = 1 THEN any_value(value)
                ELSE string_agg('[' || source || '] ' || value, ' | ' ORDER BY position, value)
           END AS value,
           CASE WHEN count(*) = 1 THEN any_value(source)
                ELSE string_agg(DISTINCT source, ',' ORDER BY source) END AS source,
           CASE WHEN count(*) = 1 THEN any_value(record_id) END AS record_id,
           max(candidates) AS candidates
    FROM merge_values
    GROUP BY profile_id, attribute
)
SELECT profile_id, attribute, value, source, record_id, candidates FROM single
UNION ALL
SELECT profile_id, attribute, value, source, record_id, candidates FROM merged;
