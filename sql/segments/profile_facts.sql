-- Per profile on $day: paid orders and revenue within the order window (one order counted once,
-- whatever its number of lines). records_asof holds only what was delivered up to $day.
CREATE OR REPLACE TEMP TABLE profile_facts AS
WITH rp AS (
    SELECT source, record_id, profile_id FROM identity.record_profiles_daily WHERE day = $day
),
paid_orders AS (
    SELECT rp.profile_id, r.fields['order_id'] AS order_id,
           max(TRY_CAST(r.fields['order_total'] AS DOUBLE)) AS order_total
    FROM records_asof AS r
    JOIN rp ON rp.source = r.source AND rp.record_id = r.record_id
    CROSS JOIN config.settings AS s
    WHERE r.kind = 'orders'
      AND r.fields['status'] IN (SELECT status FROM config.paid_statuses)
      AND TRY_CAST(r.fields['order_datetime'] AS TIMESTAMPTZ)
          >= CAST($day::DATE - s.order_window_days + 1 AS TIMESTAMPTZ)
    GROUP BY rp.profile_id, r.fields['order_id']
)
SELECT p.profile_id, count(o.order_id) AS paid_orders, coalesce(sum(o.order_total), 0) AS revenue
FROM (SELECT DISTINCT profile_id FROM rp) AS p
LEFT JOIN paid_orders AS o ON o.profile_id = p.profile_id
GROUP BY p.profile_id;
