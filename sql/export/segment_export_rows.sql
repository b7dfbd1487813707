-- Members of one segment on one day with the profile attributes a destination's layout needs.
SELECT m.profile_id,
       map_from_entries(
           list(struct_pack(k := a.attribute, v := a.value)) FILTER (WHERE a.attribute IS NOT NULL)
       ) AS attributes
FROM segment.members_daily AS m
LEFT JOIN profile.attribute_values_daily AS a
       ON a.day = m.day AND a.profile_id = m.profile_id AND list_contains($attributes, a.attribute)
WHERE m.day = $day AND m.segment = $segment
GROUP BY m.profile_id
ORDER BY m.profile_id;
