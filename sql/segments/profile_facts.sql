-- Per profile on $day: paid orders and revenue within the order window (one order counted once,
-- whatever its number of lines; an order with any refunded line is not counted), when it last
-- ordered, when it was last active (the engagement attribute), which of the attributes that
-- lifecycle rules ask for it has, and which feed segments it is in today.
-- records_asof holds only what was delivered up to $day.
CREATE OR REPLACE TEMP TABLE profile_facts AS
WITH rp AS (
    -- by profile number: the id is spelt once per profile, below
    SELECT record_no, profile_no FROM identity.record_profiles_daily WHERE day = $day
),
orders AS (
    SELECT rp.profile_no, r.fields['order_id'] AS order_id,
           max(TRY_CAST(r.fields['order_total'] AS DOUBLE)) AS order_total,
           max(TRY_CAST(r.fields['order_datetime'] AS TIMESTAMPTZ)) AS ordered_at,
           bool_or(r.fields['status'] IN (SELECT status FROM config.paid_statuses)) AS paid,
           bool_or(r.fields['status'] IN (SELECT status FROM config.refund_statuses)) AS refunded
    FROM records_asof AS r
    JOIN rp ON rp.record_no = r.record_no
    WHERE r.kind = 'orders'
    GROUP BY rp.profile_no, r.fields['order_id']
),
order_facts AS (
    SELECT o.profile_no,
           count(*) FILTER (WHERE o.ordered_at >= CAST($day::DATE - s.order_window_days + 1 AS TIMESTAMPTZ))
               AS paid_orders,
           coalesce(sum(o.order_total) FILTER (
               WHERE o.ordered_at >= CAST($day::DATE - s.order_window_days + 1 AS TIMESTAMPTZ)), 0) AS revenue,
           max(o.ordered_at) AS last_order_at
    FROM orders AS o
    CROSS JOIN config.settings AS s
    WHERE o.paid AND NOT o.refunded
    GROUP BY o.profile_no
),
present AS (
    SELECT v.profile_no,
           list(DISTINCT v.attribute) FILTER (
               WHERE v.attribute IN (SELECT attribute FROM config.lifecycle_contactable)) AS attributes,
           max(TRY_CAST(v.value AS TIMESTAMPTZ)) FILTER (WHERE v.attribute = s.engagement_attribute)
               AS last_active_at
    FROM profile.attribute_values_daily AS v
    CROSS JOIN config.settings AS s
    WHERE v.day = $day
      AND (v.attribute = s.engagement_attribute
           OR v.attribute IN (SELECT attribute FROM config.lifecycle_contactable))
    GROUP BY v.profile_no
),
feeds AS (
    SELECT profile_id, list(DISTINCT segment) AS feeds
    FROM segment.members_daily
    WHERE day = $day AND segment_group = 'feed'
    GROUP BY profile_id
)
SELECT p.profile_id, p.profile_no,
       coalesce(o.paid_orders, 0) AS paid_orders,
       coalesce(o.revenue, 0) AS revenue,
       o.last_order_at,
       a.last_active_at,
       coalesce(a.attributes, []) AS attributes,
       coalesce(f.feeds, []) AS feeds
FROM (
    SELECT profile_no, identity.profile_text(profile_no) AS profile_id FROM (SELECT DISTINCT profile_no FROM rp)
) AS p
LEFT JOIN order_facts AS o ON o.profile_no = p.profile_no
LEFT JOIN present AS a ON a.profile_no = p.profile_no
LEFT JOIN feeds AS f ON f.profile_id = p.profile_id;
