-- Bound (has the configured attribute, e.g. a customer id) or unbound.
INSERT INTO segment.members_daily (day, segment_group, segment, profile_id)
SELECT $day, 'member_status',
       CASE WHEN v.value IS NOT NULL THEN s.bound_segment ELSE s.unbound_segment END,
       f.profile_id
FROM profile_facts AS f
CROSS JOIN config.settings AS s
LEFT JOIN profile.attribute_values_daily AS v
       ON v.day = $day AND v.profile_no = f.profile_no AND v.attribute = s.bound_attribute;
