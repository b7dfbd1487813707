-- Profile ids that appear on more than one row of cdh.profiles (must be none).
SELECT count(*) FROM (SELECT profile_id FROM cdh.profiles GROUP BY profile_id HAVING count(*) > 1);
