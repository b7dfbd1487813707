-- Place every version of the records in temp table `versioned` (source, record_id) among the
-- record's rows in delivery order (day, file name, line): first_day, the day of its first version
-- (NULL when that is the row's own day), and next_day, the day of the version after it (NULL for
-- the newest). Only rows whose columns change are written. Run after a load changes a record's
-- rows, in the load's transaction; identity/records_wanted.sql finds the version of each record
-- as of a day by them.
UPDATE raw.records AS r
SET first_day = v.first_day, next_day = v.next_day
FROM (
    SELECT rowid AS row_id, first_day AS stored_first, next_day AS stored_next,
           nullif(min(day) OVER (PARTITION BY source, record_id), day) AS first_day,
           lead(day) OVER (PARTITION BY source, record_id ORDER BY day, file_name, line_no) AS next_day
    FROM raw.records
    WHERE (source, record_id) IN (SELECT source, record_id FROM versioned)
) AS v
WHERE r.rowid = v.row_id
  AND (v.first_day IS DISTINCT FROM v.stored_first OR v.next_day IS DISTINCT FROM v.stored_next);
