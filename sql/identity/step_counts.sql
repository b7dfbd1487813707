-- What the step just run read, recomputed, merged and split (its temp tables).
SELECT (SELECT count(*) FROM records_asof) AS changed_records,
       (SELECT count(*) FROM nodes) + (SELECT count(*) FROM order_scope) AS recomputed_records,
       (SELECT count(*) FROM merges) AS merges,
       (SELECT count(*) FROM splits) AS splits;
