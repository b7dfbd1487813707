-- For each value in stat_values: how many current contacts records carry it, and whether a guard
-- stops it from linking (a super-node over the records cap, or a value shared by more distinct
-- values of a stronger key than allowed: one family phone used by two customer ids).
CREATE OR REPLACE TEMP TABLE value_stats AS
WITH carriers AS (
    SELECT h.source, h.record_id, h.key, h.value
    FROM identity.record_keys_history AS h
    JOIN stat_values AS v ON v.key = h.key AND v.value = h.value
    WHERE h.valid_to IS NULL AND h.kind = 'contacts'
),
counts AS (
    SELECT key, value, count(*) AS records FROM carriers GROUP BY key, value
),
conflicts AS (
    SELECT c.key, c.value, k.other_key
    FROM carriers AS c
    JOIN config.key_caps AS k ON k.key = c.key
    JOIN identity.record_keys_history AS o
      ON o.valid_to IS NULL AND o.source = c.source AND o.record_id = c.record_id AND o.key = k.other_key
    GROUP BY c.key, c.value, k.other_key, k.max_distinct
    HAVING count(DISTINCT o.value) > k.max_distinct
)
SELECT n.key, n.value, n.records,
       CASE
           WHEN n.records > k.cap_records THEN 'over_records_cap'
           WHEN x.other_key IS NOT NULL THEN 'conflicting_' || x.other_key
       END AS skip_reason
FROM counts AS n
JOIN config.keys AS k ON k.key = n.key
LEFT JOIN (SELECT key, value, min(other_key) AS other_key FROM conflicts GROUP BY key, value) AS x
       ON x.key = n.key AND x.value = n.value;
