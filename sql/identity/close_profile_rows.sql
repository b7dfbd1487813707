-- Close the stored rows whose profile changed or whose record left the scope's result (old_map and
-- new_map hold one row per record: an anti-join, not EXCEPT's de-duplication of every row).
-- A left join from old_map lets the join build on the smaller side (NOT EXISTS always built on
-- new_map, every record of a first build).
UPDATE identity.record_profiles_history AS h
SET valid_to = $day
FROM (
    SELECT o.source, o.record_id
    FROM old_map AS o
    LEFT JOIN new_map AS n
           ON n.source = o.source AND n.record_id = o.record_id AND n.kind = o.kind
          AND n.profile_id = o.profile_id AND n.first_seen_day IS NOT DISTINCT FROM o.first_seen_day
    WHERE n.source IS NULL
) AS gone
WHERE h.valid_to IS NULL AND h.source = gone.source AND h.record_id = gone.record_id;
