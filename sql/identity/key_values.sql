-- Every record's key values, normalised, with the reason a value cannot be used (NULL = usable)
-- and the day of the record's newest version: a record delivered on the step's day has that day,
-- one delivered since the previous step a later day than the previous step's.
-- Blocklist patterns are applied afterwards, one bound pattern at a time (identity/blocklist_pattern.sql).
CREATE OR REPLACE TEMP TABLE key_values AS
WITH extracted AS (
    -- each record's fields of the keys its source maps (identity/key_inputs.sql)
    SELECT r.source, r.kind, r.record_no, r.last_seen_day, k.key, k.priority, k.normaliser, k.link,
           r.fields[k.field] AS raw
    FROM records_asof AS r
    JOIN key_inputs AS k ON k.source = r.source
),
raw_values AS (
    SELECT * FROM extracted WHERE raw IS NOT NULL AND trim(raw) <> ''
),
normalised AS (
    SELECT v.*,
           CASE v.normaliser
               WHEN 'phone' THEN p.e164
               WHEN 'email' THEN lower(trim(v.raw))
               WHEN 'email_md5' THEN lower(trim(v.raw))
               WHEN 'md5' THEN lower(trim(v.raw))
               ELSE trim(v.raw)
           END AS value
    FROM raw_values AS v
    LEFT JOIN phone_values AS p ON v.normaliser = 'phone' AND p.raw = v.raw
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
