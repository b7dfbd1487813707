-- Profiles in no lifecycle segment or in more than one, over the window (must be none).
WITH counts AS (
    SELECT rp.day, rp.profile_id, count(DISTINCT m.segment) AS segments
    FROM (
        -- each profile's id spelt once, not once per record
        SELECT day, identity.profile_text(profile_no) AS profile_id
        FROM (SELECT DISTINCT day, profile_no FROM identity.record_profiles_daily
              WHERE day BETWEEN $first_day AND $last_day)
    ) AS rp
    LEFT JOIN segment.members_daily AS m
           ON m.day = rp.day AND m.profile_id = rp.profile_id AND m.segment_group = 'lifecycle'
    GROUP BY rp.day, rp.profile_id
)
SELECT count(*) FILTER (WHERE segments = 0), count(*) FILTER (WHERE segments > 1) FROM counts;
