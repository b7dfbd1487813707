-- How many profiles have a value for each attribute on $day (contactability and coverage).
SELECT attribute, count(*) FROM profile.attribute_values_daily WHERE day = $day GROUP BY attribute;
