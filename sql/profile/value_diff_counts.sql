-- How many stored values profile/value_diff.sql closes and how many survivors it opens.
SELECT count(closed_row) AS closed, count(opened_row) AS opened FROM value_diff;
