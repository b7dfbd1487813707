-- How many stored values profile/value_diff.sql closes and how many survivors it opens, of how many.
SELECT count(closed_row) AS closed, count(opened_row) AS opened, (SELECT count(*) FROM survivors) AS survivors
FROM value_diff;
