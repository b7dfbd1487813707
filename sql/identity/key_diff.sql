-- How the usable key values of the records read by this step differ from the stored current ones:
-- '+' a value to add, '-' a value to close. Erased records keep no values. A full step ($full)
-- compares every stored record, so records that disappeared lose theirs.
CREATE OR REPLACE TEMP TABLE key_diff AS
WITH fresh AS (
    SELECT kv.source, kv.kind, kv.record_id, kv.key, kv.priority, kv.link, kv.value
    FROM key_values AS kv
    WHERE kv.problem IS NULL
      AND (kv.source, kv.record_id) NOT IN (SELECT source, record_id FROM erased)
),
stored AS (
    SELECT source, kind, record_id, key, priority, link, value
    FROM identity.record_keys_history
    WHERE valid_to IS NULL
      AND ($full OR (source, record_id) IN (SELECT source, record_id FROM records_asof))
),
added AS (SELECT * FROM fresh EXCEPT SELECT * FROM stored),
removed AS (SELECT * FROM stored EXCEPT SELECT * FROM fresh)
SELECT *, '+' AS change FROM added
UNION ALL
SELECT *, '-' AS change FROM removed;
