-- Numbers for the UI, as of the step just written: records, profiles, cluster sizes, unusable,
-- capped and unattached values.
-- The cluster sizes take one aggregate pass (whether a profile joins 2+ sources is min <> max:
-- a distinct count per profile took 6 of 9 s at 10M records).
WITH current_map AS (
    SELECT * FROM identity.record_profiles_history WHERE valid_to IS NULL
),
sizes AS (
    SELECT profile_id, count(*) AS size, min(source) <> max(source) AS cross_source
    FROM current_map WHERE kind = 'contacts'
    GROUP BY profile_id
),
size_stats AS (
    SELECT coalesce(count_if(size = 1), 0) AS clusters_of_1,
           coalesce(count_if(size = 2), 0) AS clusters_of_2,
           coalesce(count_if(size BETWEEN 3 AND 5), 0) AS clusters_of_3_to_5,
           coalesce(count_if(size BETWEEN 6 AND 10), 0) AS clusters_of_6_to_10,
           coalesce(count_if(size > 10), 0) AS clusters_over_10,
           coalesce(round(avg(cross_source::INTEGER), 4), 0) AS cross_source_share,
           coalesce(sum(size), 0) AS contact_records,
           count(*) AS profiles,
           coalesce(max(size), 0) AS largest_cluster,
           coalesce(count_if(size > 1), 0) AS multi_record_profiles
    FROM sizes
),
order_records AS (
    SELECT count(*) AS n FROM (
        SELECT DISTINCT r.source, r.record_id
        FROM raw.records AS r JOIN config.sources AS s ON s.source = r.source AND s.kind = 'orders'
        WHERE r.day <= $day::DATE
    )
)
SELECT
    -- cluster-size distribution and the share of profiles joining records of 2+ sources
    z.clusters_of_1, z.clusters_of_2, z.clusters_of_3_to_5, z.clusters_of_6_to_10, z.clusters_over_10,
    z.cross_source_share, z.contact_records, z.profiles, z.largest_cluster, z.multi_record_profiles,
    (SELECT count(*) FROM key_values WHERE problem = 'invalid'
        AND ($prev::DATE IS NULL OR last_seen_day > $prev::DATE)) AS invalid_values,
    (SELECT count(*) FROM key_values WHERE problem = 'blocklisted'
        AND ($prev::DATE IS NULL OR last_seen_day > $prev::DATE)) AS blocklisted_values,
    (SELECT count(DISTINCT (key, value)) FROM identity.skipped_values_daily
        WHERE day = $day::DATE AND reason NOT IN ('invalid', 'blocklisted')) AS capped_values,
    (SELECT n FROM order_records) AS order_records,
    (SELECT n FROM order_records) - (SELECT count(*) FROM current_map WHERE kind = 'orders')
        AS unattached_order_records,
    (SELECT count(*) FROM erased) AS erased_records
FROM size_stats AS z;
