-- Numbers for the UI: records, profiles, cluster sizes, unusable and unattached values.
WITH sizes AS (
    SELECT r.profile_id, count(*) AS size, count(DISTINCT r.source) AS sources
    FROM resolved AS r JOIN nodes AS n ON n.source = r.source AND n.record_id = r.record_id
    GROUP BY r.profile_id
)
SELECT
    -- cluster-size distribution and the share of profiles joining records of 2+ sources
    (SELECT count(*) FROM sizes WHERE size = 1) AS clusters_of_1,
    (SELECT count(*) FROM sizes WHERE size = 2) AS clusters_of_2,
    (SELECT count(*) FROM sizes WHERE size BETWEEN 3 AND 5) AS clusters_of_3_to_5,
    (SELECT count(*) FROM sizes WHERE size BETWEEN 6 AND 10) AS clusters_of_6_to_10,
    (SELECT count(*) FROM sizes WHERE size > 10) AS clusters_over_10,
    (SELECT coalesce(round(avg(CASE WHEN sources > 1 THEN 1 ELSE 0 END), 4), 0) FROM sizes)
        AS cross_source_share,
    (SELECT count(*) FROM nodes) AS contact_records,
    (SELECT count(*) FROM sizes) AS profiles,
    (SELECT coalesce(max(size), 0) FROM sizes) AS largest_cluster,
    (SELECT count(*) FROM sizes WHERE size > 1) AS multi_record_profiles,
    (SELECT count(*) FROM key_values WHERE problem = 'invalid') AS invalid_values,
    (SELECT count(*) FROM key_values WHERE problem = 'blocklisted') AS blocklisted_values,
    (SELECT count(*) FROM value_stats WHERE skip_reason IS NOT NULL) AS capped_values,
    (SELECT count(*) FROM records_asof WHERE kind = 'orders') AS order_records,
    (SELECT count(*) FROM records_asof AS o WHERE o.kind = 'orders'
        AND NOT EXISTS (SELECT 1 FROM resolved AS r WHERE r.source = o.source AND r.record_id = o.record_id))
        AS unattached_order_records;
