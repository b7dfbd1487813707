-- How the usable key values of the records read by this step differ from the stored current ones:
-- '+' a value to add, '-' a value to close. Erased records keep no values. A full step ($full)
-- compares every stored record, so records that disappeared lose theirs.
-- One full outer join, not two EXCEPTs: both sides hold one row per (record, key), so EXCEPT's
-- de-duplication of every row only cost time and memory (53 s and 12 GiB of a 10M-record
-- rebuild); the join builds its hash table on the smaller side.
-- A first step ($prev is NULL) has nothing stored: its values are all '+', and
-- identity/open_key_rows.sql reads them from key_values instead of a copy here (3 s at 10M records).
CREATE OR REPLACE TEMP TABLE key_diff AS
WITH fresh AS (
    SELECT kv.source, kv.kind, kv.record_no, kv.key, kv.priority, kv.link, kv.value
    FROM key_values AS kv
    WHERE $prev::DATE IS NOT NULL AND kv.problem IS NULL
      AND kv.record_no NOT IN (SELECT record_no FROM erased)
),
stored AS (
    SELECT source, kind, record_no, key, priority, link, value, rowid AS row_id
    FROM identity.record_keys_history
    WHERE valid_to IS NULL
      AND ($full OR record_no IN (SELECT record_no FROM records_asof))
)
-- one side is missing on every row, so coalesce takes the other side's (non-null) columns
SELECT coalesce(f.source, s.source) AS source, coalesce(f.kind, s.kind) AS kind,
       coalesce(f.record_no, s.record_no) AS record_no,
       coalesce(f.key, s.key) AS key,
       coalesce(f.priority, s.priority) AS priority, coalesce(f.link, s.link) AS link,
       coalesce(f.value, s.value) AS value,
       CASE WHEN s.source IS NULL THEN '+' ELSE '-' END AS change,
       s.row_id  -- where a '-' row is stored (identity/close_key_rows.sql)
FROM fresh AS f
FULL OUTER JOIN stored AS s
  ON s.record_no = f.record_no AND s.key = f.key AND s.value = f.value
 AND s.kind = f.kind AND s.priority = f.priority AND s.link = f.link
WHERE f.source IS NULL OR s.source IS NULL;
