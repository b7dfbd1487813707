-- Every record's key values, normalised, with the reason a value cannot be used (NULL = usable)
-- and the day of the record's newest version: a record delivered on the step's day has that day,
-- one delivered since the previous step a later day than the previous step's.
-- Blocklist patterns are applied afterwards, one bound pattern at a time (identity/blocklist_pattern.sql).
CREATE OR REPLACE TEMP TABLE key_values AS
WITH records AS (
    -- a full step's records' fields from raw.records, an incremental step's from records_asof
    -- (identity/records_wanted.sql)
    SELECT source, kind, record_no, last_seen_day, fields FROM identity.records_asof($day::DATE) WHERE $full
    UNION ALL
    SELECT source, kind, record_no, last_seen_day, fields FROM records_asof WHERE NOT $full
),
extracted AS (
    -- each record's fields of the keys its source maps (identity/key_inputs.sql)
    SELECT r.source, r.kind, r.record_no, r.last_seen_day, k.key, k.priority, k.normaliser, k.link,
           r.fields[k.field] AS raw
    FROM records AS r
    JOIN key_inputs AS k ON k.source = r.source
),
raw_values AS (
    -- one test, false for NULL too: the filter is pushed into the join and repeats the field's
    -- lookup in its map for each test (10M records, 47.5M lookups: `raw IS NOT NULL AND` cost 0.4 s)
    SELECT * FROM extracted WHERE trim(raw) <> ''
),
normalised AS (
    -- a phone's E.164 form looked up as a scalar subquery (a single join, built on the 5.7M
    -- distinct phones of 10M records): as a LEFT JOIN, a full step's estimate of the values read
    -- from raw.records (a fifth of their 28.9M) turned the join round and built its hash table on
    -- them (12.0 s for the statement, against 7.1 s)
    SELECT v.*,
           CASE v.normaliser
               WHEN 'phone' THEN (SELECT p.e164 FROM phone_values AS p WHERE p.raw = v.raw)
               WHEN 'email' THEN lower(trim(v.raw))
               WHEN 'email_md5' THEN lower(trim(v.raw))
               WHEN 'md5' THEN lower(trim(v.raw))
               ELSE trim(v.raw)
           END AS value
    FROM raw_values AS v
),
checked AS (
    SELECT n.*,
           CASE
               WHEN n.value IS NULL OR n.value = '' THEN 'invalid'
               WHEN n.normaliser IN ('email', 'email_md5')
                    AND NOT regexp_full_match(n.value, '[^@\s]+@[^@\s]+\.[^@\s]+') THEN 'invalid'
               WHEN n.normaliser = 'md5' AND NOT regexp_full_match(n.value, '[0-9a-f]{32}') THEN 'invalid'
               WHEN n.normaliser = 'line_uid' AND NOT regexp_full_match(n.value, 'U[0-9a-f]{32}') THEN 'invalid'
               WHEN b.value IS NOT NULL THEN 'blocklisted'
           END AS problem
    FROM normalised AS n
    LEFT JOIN (
        SELECT DISTINCT key, lower(value) AS value FROM config.key_blocklist WHERE kind = 'value'
    ) AS b ON b.key = n.key AND b.value = lower(n.value)
)
SELECT source, kind, record_no, last_seen_day, key, priority, link, raw, problem,
       -- an email_md5 key hashes the normalised email after the email checks above
       CASE WHEN normaliser = 'email_md5' THEN md5(value) ELSE value END AS value
FROM checked;
