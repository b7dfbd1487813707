-- The key values this step found unusable (invalid or blocklisted): a full step's, of every record
-- (its rules may have changed since a record was delivered); an incremental step's, of the records
-- delivered since the previous step. Usable values are not copied here: they are the key history's
-- (quality.delivered_keys); at 10M records, writing all 28.8M values took 7.3 s of a 56 s first step.
-- The few problems are found first, then their records' ids (unusable_values names records by number).
INSERT INTO quality.key_problems (day, source, record_id, key, normaliser, raw, value, problem)
WITH problems AS MATERIALIZED (
    SELECT kv.source, kv.record_no, kv.key, k.normaliser, kv.raw, kv.value, kv.problem
    FROM unusable_values AS kv
    JOIN config.keys AS k ON k.key = kv.key
    WHERE kv.problem IS NOT NULL AND ($full OR kv.last_seen_day > $prev::DATE)
)
SELECT $day, p.source, r.record_id, p.key, p.normaliser, p.raw, p.value, p.problem
FROM problems AS p
JOIN records_asof AS r ON r.record_no = p.record_no;
