-- The surviving value of every attribute of every recomputed profile: exactly one row per
-- (profile, attribute), chosen by the attribute's rule, ties broken by recency, source order,
-- record id (the candidates' `recency` rank).
-- A profile whose candidates all come from one record (`members` = 1; a third of them at 10M
-- records) has at most one candidate per attribute: it survives as is. The others are picked by
-- hash aggregates, without a sort: the recency rank makes the order of most rules one BIGINT
-- (rule key * 2^32 + rank); max, min and earliest compare a struct. A window ranking every
-- candidate took 62 of the statement's 75 s at 10M records; the aggregates, 34 s.
-- `usable` is inlined into each branch (NOT MATERIALIZED): materialised (56M rows at 10M records)
-- and scanned back four times, the statement took 112 s; inlined, 61 s, with the same survivors.
CREATE OR REPLACE TEMP TABLE survivors AS
WITH usable AS NOT MATERIALIZED (
    SELECT profile_id, members, recency, attribute, rule, value, source, record_id, record_ts,
           source_priority, source_position,
           CASE WHEN type IN ('integer', 'decimal') THEN TRY_CAST(value AS DOUBLE)
                WHEN type = 'date' THEN epoch(TRY_CAST(value AS DATE))
                WHEN type = 'timestamp' THEN epoch(TRY_CAST(value AS TIMESTAMPTZ))
           END AS sort_num
    FROM attribute_candidates
    WHERE NOT unmapped AND value IS NOT NULL AND trim(value) <> ''
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
    -- source_priority: listed order, then recency; most_frequent: most records, then recency
    SELECT u.profile_id, u.attribute, u.value, u.source, u.record_id,
           CASE u.rule
               WHEN 'source_priority' THEN coalesce(u.source_priority, 1048576)::BIGINT * 4294967296 + u.recency
               WHEN 'most_frequent' THEN (2147483648 - f.value_count) * 4294967296 + u.recency
               ELSE u.recency
           END AS pick
    FROM usable AS u
    LEFT JOIN frequency AS f
           ON u.rule = 'most_frequent' AND f.profile_id = u.profile_id AND f.attribute = u.attribute
          AND f.value = u.value
    WHERE u.rule IN ('most_recent', 'source_priority', 'most_frequent') AND u.members > 1
),
single AS (
    SELECT profile_id, attribute, arg_min(value, pick) AS value, arg_min(source, pick) AS source,
           arg_min(record_id, pick) AS record_id, count(*) AS candidates
    FROM ranked
    GROUP BY profile_id, attribute
),
compared AS (
    -- max: the largest number (values that are not numbers after all numbers), then the largest
    -- text, then recency; min: the smallest, likewise; earliest: the oldest record (ties by source
    -- order, record id). NULL fields compare last in arg_min and first in arg_max (has_number).
    SELECT profile_id, attribute,
           arg_max({'value': value, 'source': source, 'record_id': record_id},
                   {'has_number': sort_num IS NOT NULL, 'number': sort_num, 'text': value,
                    'recency': -recency}) AS pick,
           count(*) AS candidates
    FROM usable
    WHERE rule = 'max' AND members > 1
    GROUP BY profile_id, attribute
    UNION ALL
    SELECT profile_id, attribute,
           arg_min({'value': value, 'source': source, 'record_id': record_id},
                   {'number': sort_num, 'text': value, 'recency': recency}),
           count(*)
    FROM usable
    WHERE rule = 'min' AND members > 1
    GROUP BY profile_id, attribute
    UNION ALL
    SELECT profile_id, attribute,
           arg_min({'value': value, 'source': source, 'record_id': record_id},
                   {'ts': record_ts, 'position': source_position, 'record_id': record_id}),
           count(*)
    FROM usable
    WHERE rule = 'earliest' AND members > 1
    GROUP BY profile_id, attribute
),
merge_values AS (
    -- merge: each distinct text once, with the source of its newest record
    SELECT profile_id, attribute, trim(value) AS value,
           arg_min(source, recency) AS source, arg_min(record_id, recency) AS record_id,
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
SELECT profile_id, attribute, pick.value, pick.source, pick.record_id, candidates FROM compared
UNION ALL
SELECT profile_id, attribute, value, source, record_id, candidates FROM sole;
