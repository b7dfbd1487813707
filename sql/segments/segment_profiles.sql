-- One row per profile on $day, what a custom segment's predicate reads as `p`: its attributes
-- (typed columns, as in cdh.profiles), order facts, lifecycle segment and member status, and
-- `as_of` (the day). The attribute_columns placeholder is filled from config/profile.yaml.
CREATE OR REPLACE TEMP TABLE segment_profiles AS
SELECT f.profile_id, $day::DATE AS as_of, f.paid_orders, f.revenue, f.last_order_at,
       lc.segment AS lifecycle, ms.segment AS member_status{attribute_columns}
FROM profile_facts AS f
LEFT JOIN segment.members_daily AS lc
       ON lc.day = $day AND lc.segment_group = 'lifecycle' AND lc.profile_id = f.profile_id
LEFT JOIN segment.members_daily AS ms
       ON ms.day = $day AND ms.segment_group = 'member_status' AND ms.profile_id = f.profile_id
LEFT JOIN profile.attribute_values_daily AS v ON v.day = $day AND v.profile_no = f.profile_no
GROUP BY f.profile_id, f.paid_orders, f.revenue, f.last_order_at, lc.segment, ms.segment;
