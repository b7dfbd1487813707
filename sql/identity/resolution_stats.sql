-- Numbers for the UI, as of the step just written: records, profiles, cluster sizes, unusable,
-- capped and unattached values.
WITH current_map AS (
    SELECT * FROM identity.record_profiles_history WHERE valid_to IS NULL
),
sizes AS (
    SELECT profile_id, count(*) AS size, count(DISTINCT source) AS sources
    FROM current_map WHERE kind = 'contacts'
    GROUP BY profile_id
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
    (SELECT count(*) FROM sizes WHERE size = 1) AS clusters_of_1,
    (SELECT count(*) FROM sizes WHERE size = 2) AS clusters_of_2,
    (SELECT count(*) FROM sizes WHERE size BETWEEN 3 AND 5) AS clusters_of_3_to_5,
    (SELECT count(*) FROM sizes WHERE size BETWEEN 6 AND 10) AS clusters_of_6_to_10,
    (SELECT count(*) FROM sizes WHERE size > 10) AS clusters_over_10,
    (SELECT coalesce(round(avg(CASE WHEN sources > 1 THEN 1 ELSE 0 END), 4), 0) FROM sizes)
        AS cross_source_share,
    (SELECT coalesce(sum(size), 0) FROM sizes) AS contact_records,
    (SELECT count(*) FROM sizes) AS profiles,
    (SELECT coalesce(max(size), 0) FROM sizes) AS largest_cluster,
    (SELECT count(*) FROM sizes WHERE size > 1) AS multi_record_profiles,
    (SELECT count(*) FROM key_values WHERE problem = 'invalid'
        AND ($prev::DATE IS NULL OR last_seen_day > $prev::DATE)) AS invalid_values,
    (SELECT count(*) FROM key_values WHERE problem = 'blocklisted'
        AND ($prev::DATE IS NULL OR last_seen_day > $prev::DATE)) AS blocklisted_values,
    (SELECT count(DISTINCT (key, value)) FROM identity.skipped_values_daily
        WHERE day = $day::DATE AND reason NOT IN ('invalid', 'blocklisted')) AS capped_values,
    (SELECT n FROM order_records) AS order_records,
    (SELECT n FROM order_records) - (SELECT count(*) FROM current_map WHERE kind = 'orders')
        AS unattached_order_records,
    (SELECT count(*) FROM erased) AS erased_records;
