-- The surviving value of every attribute of every recomputed profile (a view: a first step inserts
-- it straight into the history, profile/open_first_values.sql; a later one keeps it in a table to
-- diff it with the stored values, profile/survivors.sql): exactly one row per
-- (profile, attribute), chosen by the attribute's rule, ties broken by recency (the candidates'
-- `recency`: newest record first, then source order, then record id).
-- A profile whose candidates all come from one record (`members` = 1; a third of them at 10M
-- records) has at most one candidate per attribute: it survives as is, without a sort. For
-- most_recent, source_priority and most_frequent the order is one BIGINT ending in the recency
-- (unique in the profile): per (profile, attribute), the rowid of the candidate with the smallest
-- is aggregated (arg_min) and the candidate fetched by it, without a sort and with fixed-size
-- aggregate states, which spill to disk under a memory limit (text arg_min states did not).
-- Fetched by rowid, not joined back on (profile, attribute, recency): at 10M records the
-- statement took 20.8-20.9 s against 22.8-24.2 s, with the same 38.1M survivors (the stamps
-- below, likewise). Only most_frequent candidates join their value's count (at 10M records, every
-- candidate through that join and the order carried back: 26 s for the statement; 22 s then).
-- max, min and earliest take one window (at 10M records: 38 s for the statement, against 45 s
-- with every candidate in the window; the same 38.1M survivors).
-- `usable` is inlined into each branch (NOT MATERIALIZED): materialised (56M rows at 10M records)
-- and scanned back four times, the statement took 112 s; inlined, 61 s, with the same survivors.
CREATE OR REPLACE TEMP VIEW survivor_values AS
WITH usable AS NOT MATERIALIZED (
    -- an unmapped code has no value
    SELECT c.profile_no, c.members, c.recency, c.attribute, a.rule, c.value, c.source, c.record_no,
           c.record_ts, c.source_priority, c.source_position, c.rowid AS candidate_row,
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
    SELECT profile_no, attribute, CASE WHEN rule = 'merge' THEN trim(value) ELSE value END AS value,
           source, record_no, 1::BIGINT AS candidates
    FROM usable
    WHERE members = 1
),
frequency AS (
    SELECT profile_no, attribute, value, count(*) AS value_count
    FROM usable
    WHERE rule = 'most_frequent' AND members > 1
    GROUP BY profile_no, attribute, value
),
keyed AS NOT MATERIALIZED (
    -- most_recent: the newest record; source_priority: listed order, then recency; most_frequent:
    -- most records, then recency. Unique in its (profile, attribute): a record gives an attribute
    -- at most one candidate, and its recency is unique in its profile
    SELECT profile_no, attribute, candidate_row,
           CASE rule
               WHEN 'source_priority' THEN coalesce(source_priority, 1048576)::BIGINT * 4294967296 + recency
               ELSE recency
           END AS pick
    FROM usable
    WHERE rule IN ('most_recent', 'source_priority') AND members > 1
    UNION ALL
    SELECT u.profile_no, u.attribute, u.candidate_row,
           (2147483648 - f.value_count) * 4294967296 + u.recency AS pick
    FROM usable AS u
    JOIN frequency AS f ON f.profile_no = u.profile_no AND f.attribute = u.attribute AND f.value = u.value
    WHERE u.rule = 'most_frequent' AND u.members > 1
),
best AS (
    SELECT arg_min(candidate_row, pick) AS candidate_row, count(*) AS candidates
    FROM keyed
    GROUP BY profile_no, attribute
),
picked AS (
    SELECT c.profile_no, c.attribute, c.value, c.source, c.record_no, b.candidates
    FROM best AS b
    JOIN attribute_candidates AS c ON c.rowid = b.candidate_row
),
ranked AS (
    -- max / min: the largest / smallest number (values that are not numbers after the numbers),
    -- then text; earliest: the oldest record; ties by recency
    SELECT u.profile_no, u.attribute, u.value, u.source, u.record_no,
           row_number() OVER pick AS rank,
           count(*) OVER (pick ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS candidates
    FROM usable AS u
    WHERE u.rule IN ('max', 'min', 'earliest') AND u.members > 1
    WINDOW pick AS (
        PARTITION BY u.profile_no, u.attribute
        ORDER BY
            CASE WHEN u.rule = 'max' THEN u.sort_num END DESC NULLS LAST,
            CASE WHEN u.rule = 'max' THEN u.value END DESC NULLS LAST,
            CASE WHEN u.rule = 'min' THEN u.sort_num END ASC NULLS LAST,
            CASE WHEN u.rule = 'min' THEN u.value END ASC NULLS LAST,
            CASE WHEN u.rule = 'earliest' THEN u.record_ts END ASC NULLS LAST,
            u.recency
    )
),
single AS (
    SELECT profile_no, attribute, value, source, record_no, candidates FROM picked
    UNION ALL
    SELECT profile_no, attribute, value, source, record_no, candidates FROM ranked WHERE rank = 1
),
stamps AS NOT MATERIALIZED (
    -- min / max of the records' own timestamps (attribute_inputs.stamp): the value is the
    -- timestamp spelt as a candidate spells it (profile.timestamp_text), the order usable's: to
    -- the second (the spelling's precision), then recency. `pick` holds both, positive, recency
    -- in its low 32 bits: unique in the profile, so arg_min picks one record
    SELECT p.profile_no, i.attribute, p.source, p.record_no, p.record_ts, p.members, p.rowid AS record_row,
           (CASE WHEN a.rule = 'max' THEN -1 ELSE 1 END * floor(epoch(p.record_ts)) + 1099511627776)::HUGEINT
               * 4294967296 + p.recency AS pick
    FROM profile_records AS p
    JOIN attribute_inputs AS i ON i.source = p.source AND i.stamp
    JOIN config.attributes AS a ON a.attribute = i.attribute
    WHERE p.record_ts IS NOT NULL
),
stamp_best AS (
    SELECT profile_no, attribute, arg_min(record_row, pick) AS record_row, count(*) AS candidates
    FROM stamps
    WHERE members > 1
    GROUP BY profile_no, attribute
),
stamped AS (
    SELECT profile_no, attribute, record_ts, source, record_no, 1::BIGINT AS candidates
    FROM stamps
    WHERE members = 1
    UNION ALL
    SELECT b.profile_no, b.attribute, p.record_ts, p.source, p.record_no, b.candidates
    FROM stamp_best AS b
    JOIN profile_records AS p ON p.rowid = b.record_row
),
merge_values AS (
    -- merge: each distinct text once, with the source of its newest record (the smallest recency:
    -- unique in the profile, so source and record come from one record)
    SELECT profile_no, attribute, trim(value) AS value,
           arg_min(source, recency) AS source, arg_min(record_no, recency) AS record_no,
           min(source_position) AS position, count(*) AS candidates
    FROM usable
    WHERE rule = 'merge' AND members > 1
    GROUP BY profile_no, attribute, trim(value)
),
merged AS (
    SELECT profile_no, attribute,
           CASE WHEN count(*) = 1 THEN any_value(value)
                ELSE string_agg('[' || source || '] ' || value, ' | ' ORDER BY position, value)
           END AS value,
           CASE WHEN count(*) = 1 THEN any_value(source)
                ELSE string_agg(DISTINCT source, ',' ORDER BY source) END AS source,
           CASE WHEN count(*) = 1 THEN any_value(record_no) END AS record_no,
           sum(candidates)::BIGINT AS candidates
    FROM merge_values
    GROUP BY profile_no, attribute
)
SELECT profile_no, attribute, value, source, record_no, candidates FROM single
UNION ALL
SELECT profile_no, attribute, value, source, record_no, candidates FROM merged
UNION ALL
SELECT profile_no, attribute, value, source, record_no, candidates FROM sole
UNION ALL
SELECT profile_no, attribute, profile.timestamp_text(record_ts), source, record_no, candidates
FROM stamped;
