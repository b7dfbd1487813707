-- Exclusive lifecycle segments: each profile lands in the first segment (by priority) whose
-- every condition holds; the last segment has none, so every profile lands somewhere.
INSERT INTO segment.members_daily (day, segment_group, segment, profile_id)
WITH rules AS (
    SELECT l.*,
           coalesce((SELECT list(c.attribute) FROM config.lifecycle_contactable AS c
                     WHERE c.segment = l.segment), []) AS contactable,
           coalesce((SELECT list(i.in_segment) FROM config.lifecycle_in_segments AS i
                     WHERE i.segment = l.segment), []) AS in_segments
    FROM config.lifecycle AS l
)
SELECT $day, 'lifecycle', arg_min(l.segment, l.priority), f.profile_id
FROM profile_facts AS f
CROSS JOIN rules AS l
WHERE (l.min_paid_orders IS NULL OR f.paid_orders >= l.min_paid_orders)
  AND (l.min_revenue IS NULL OR f.revenue >= l.min_revenue)
  AND (l.max_days_since_order IS NULL
       OR f.last_order_at >= CAST($day::DATE - l.max_days_since_order + 1 AS TIMESTAMPTZ))
  AND (l.active_within_days IS NULL
       OR f.last_active_at >= CAST($day::DATE - l.active_within_days + 1 AS TIMESTAMPTZ))
  AND (len(l.contactable) = 0 OR list_has_any(f.attributes, l.contactable))
  AND (len(l.in_segments) = 0 OR list_has_any(f.feeds, l.in_segments))
GROUP BY f.profile_id;
