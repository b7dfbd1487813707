-- Close the stored rows whose profile changed or whose record left the scope's result (old_map and
-- new_map hold one row per record: an anti-join, not EXCEPT's de-duplication of every row).
-- A left join from old_map lets the join build on the smaller side (NOT EXISTS always built on
-- new_map, every record of a first build); rows are found by old_map's row_id, without a scan.
UPDATE identity.record_profiles_history
SET valid_to = $day
WHERE rowid IN (
    SELECT o.row_id
    FROM old_map AS o
    LEFT JOIN new_map AS n
           ON n.record_no = o.record_no AND n.kind = o.kind
          AND n.profile_no = o.profile_no AND n.first_seen_day IS NOT DISTINCT FROM o.first_seen_day
    WHERE n.record_no IS NULL
);
