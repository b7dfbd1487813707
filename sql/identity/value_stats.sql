-- Per usable linking value among contacts: how many records carry it, and whether a guard stops it
-- from linking (a super-node over the records cap, or a value shared by more distinct values of a
-- stronger key than allowed: one family phone used by two customer ids).
CREATE OR REPLACE TEMP TABLE value_stats AS
WITH usable AS (
    SELECT * FROM key_values WHERE problem IS NULL AND link AND kind = 'contacts'
),
counts AS (
    SELECT key, value, count(*) AS records FROM usable GROUP BY key, value
),
conflicts AS (
    SELECT u.key, u.value, c.other_key
    FROM usable AS u
    JOIN config.key_caps AS c ON c.key = u.key
    JOIN key_values AS o
      ON o.source = u.source AND o.record_id = u.record_id AND o.key = c.other_key AND o.problem IS NULL
    GROUP BY u.key, u.value, c.other_key, c.max_distinct
    HAVING count(DISTINCT o.value) > c.max_distinct
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
