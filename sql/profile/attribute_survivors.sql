-- The surviving value of every attribute of every recomputed profile: exactly one row per
-- (profile, attribute), chosen by the attribute's rule, ties broken by recency, source order,
-- record id.
-- A profile whose candidates all come from one record (`members` = 1; a third of them at 10M
-- records) has at most one candidate per attribute: it survives as is, without a sort. The others take one sort: the candidate count shares the pick's
-- window, and the value counts that most_frequent needs are aggregated for those attributes only
-- (three windows over every candidate took 205 s of a 10M-record profile table).
-- `usable` is inlined into each branch (NOT MATERIALIZED): materialised (56M rows at 10M records)
-- and scanned back four times, the statement took 112 s; inlined, 61 s, with the same survivors.
CREATE OR REPLACE TEMP TABLE survivors AS
WITH usable AS NOT MATERIALIZED (
    -- an unmapped code has no value
    SELECT c.profile_id, c.members, c.attribute, a.rule, c.value, c.source, c.record_id, c.record_ts,
           c.source_priority, c.source_position,
           CASE WHEN a.type IN ('integer', 'decimal') THEN TRY_CAST(c.value AS DOUBLE)
                WHEN a.type = 'date' THEN epoch(TRY_CAST(c.value AS DATE))
                WHEN a.type = 'timestamp' THEN epoch(TRY_CAST(c.value AS TIMESTAMPTZ))
           END AS sort_num
    FROM attribute_candidates AS c
    JOIN config.attributes AS a ON a.attribute = c.attribute
    WHERE c.value IS NOT NULL AND trim(c.value) <> ''
),
sole AS (
    -- as merge below gives a single text: trimmed
    SELECT profile_id, attribute, CASE WHEN rule = 'merge' THEN trim(value) ELSE value END AS value,
           source, record_id, 1::BIGINT AS candidates
    FROM usable
    WHERE members = 1
),
frequency AS (
    SELECT profile_id, attribute, value, count(*) AS value_count
    FROM usable
    WHERE rule = 'most_frequent' AND members > 1
    GROUP BY profile_id, attribute, value
),
ranked AS (
    SELECT u.profile_id, u.attribute, u.value, u.source, u.record_id,
           row_number() OVER pick AS rank,
           count(*) OVER (pick ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS candidates
    FROM usable AS u
    LEFT JOIN frequency AS f
           ON u.rule = 'most_frequent' AND f.profile_id = u.profile_id AND f.attribute = u.attribute
          AND f.value = u.value
    WHERE u.rule <> 'merge' AND u.members > 1
    WINDOW pick AS (
        PARTITION BY u.profile_id, u.attribute
        ORDER BY
            CASE WHEN u.rule = 'source_priority' THEN u.source_priority END ASC NULLS LAST,
            f.value_count DESC NULLS LAST,
            CASE WHEN u.rule = 'max' THEN u.sort_num END DESC NULLS LAST,
            CASE WHEN u.rule = 'max' THEN u.value END DESC NULLS LAST,
            CASE WHEN u.rule = 'min' THEN u.sort_num END ASC NULLS LAST,
            CASE WHEN u.rule = 'min' THEN u.value END ASC NULLS LAST,
            CASE WHEN u.rule = 'earliest' THEN u.record_ts END ASC NULLS LAST,
            u.record_ts DESC NULLS LAST,
            u.source_position,
            u.record_id
    )
),
single AS (
    SELECT profile_id, attribute, value, source, record_id, candidates FROM ranked WHERE rank = 1
),
merge_values AS (
    -- merge: each distinct text once, with the source of its newest record
    SELECT profile_id, attribute, trim(value) AS value,
           arg_max(source, record_ts) AS source, arg_max(record_id, record_ts) AS record_id,
           min(source_position) AS position, count(*) AS candidates
    FROM usable
    WHERE rule = 'merge' AND members > 1
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
           sum(candidates)::BIGINT AS candidates
    FROM merge_values
    GROUP BY profile_id, attribute
)
SELECT profile_id, attribute, value, source, record_id, candidates FROM single
UNION ALL
SELECT profile_id, attribute, value, source, record_id, candidates FROM merged
UNION ALL
SELECT profile_id, attribute, value, source, record_id, candidates FROM sole;
