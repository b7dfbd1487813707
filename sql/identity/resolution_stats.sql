-- Numbers for the UI, as of the step just written: records, profiles, cluster sizes, unusable,
-- capped and unattached values. The cluster sizes come from the step's histogram
-- (identity.cluster_sizes_daily), not from counting every profile's records.
WITH size_stats AS (
    SELECT coalesce(sum(profiles) FILTER (size = 1), 0)::BIGINT AS clusters_of_1,
           coalesce(sum(profiles) FILTER (size = 2), 0)::BIGINT AS clusters_of_2,
           coalesce(sum(profiles) FILTER (size BETWEEN 3 AND 5), 0)::BIGINT AS clusters_of_3_to_5,
           coalesce(sum(profiles) FILTER (size BETWEEN 6 AND 10), 0)::BIGINT AS clusters_of_6_to_10,
           coalesce(sum(profiles) FILTER (size > 10), 0)::BIGINT AS clusters_over_10,
           coalesce(round(sum(profiles) FILTER (cross_source) / sum(profiles), 4), 0) AS cross_source_share,
           coalesce(sum(size * profiles), 0)::BIGINT AS contact_records,
           coalesce(sum(profiles), 0)::BIGINT AS profiles,
           coalesce(max(size), 0) AS largest_cluster,
           coalesce(sum(profiles) FILTER (size > 1), 0)::BIGINT AS multi_record_profiles
    FROM identity.cluster_sizes_daily
    WHERE day = $day::DATE
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
    (SELECT count(*) FROM unusable_values WHERE problem = 'invalid'
        AND ($prev::DATE IS NULL OR last_seen_day > $prev::DATE)) AS invalid_values,
    (SELECT count(*) FROM unusable_values WHERE problem = 'blocklisted'
        AND ($prev::DATE IS NULL OR last_seen_day > $prev::DATE)) AS blocklisted_values,
    (SELECT count(DISTINCT (key, value)) FROM identity.skipped_values_daily
        WHERE day = $day::DATE AND reason NOT IN ('invalid', 'blocklisted')) AS capped_values,
    (SELECT n FROM order_records) AS order_records,
    (SELECT n FROM order_records) - (SELECT count(*) FROM identity.record_profiles_history
                                     WHERE valid_to IS NULL AND kind = 'orders')
        AS unattached_order_records,
    (SELECT count(*) FROM erased) AS erased_records
FROM size_stats AS z;
