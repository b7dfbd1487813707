-- Exclusive lifecycle segments: each profile lands in the first segment (by priority) whose
-- every condition holds; the last segment has none, so every profile lands somewhere.
INSERT INTO segment.members_daily (day, segment_group, segment, profile_id)
SELECT $day, 'lifecycle', l.segment, f.profile_id
FROM profile_facts AS f
CROSS JOIN config.lifecycle AS l
WHERE (l.min_paid_orders IS NULL OR f.paid_orders >= l.min_paid_orders)
  AND (l.min_revenue IS NULL OR f.revenue >= l.min_revenue)
  AND (
      NOT EXISTS (SELECT 1 FROM config.lifecycle_contactable AS c WHERE c.segment = l.segment)
      OR EXISTS (
          SELECT 1
          FROM config.lifecycle_contactable AS c
          JOIN profile.attribute_values_daily AS v
            ON v.day = $day AND v.profile_id = f.profile_id AND v.attribute = c.attribute
          WHERE c.segment = l.segment
      )
  )
QUALIFY row_number() OVER (PARTITION BY f.profile_id ORDER BY l.priority) = 1;
