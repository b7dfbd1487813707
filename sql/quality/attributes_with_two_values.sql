-- (day, profile, attribute) with more than one surviving value in the window (must be none).
SELECT count(*) FROM (
    SELECT day, profile_no, attribute FROM profile.attribute_values_daily
    WHERE day BETWEEN $first_day AND $last_day
    GROUP BY day, profile_no, attribute HAVING count(*) > 1
);
