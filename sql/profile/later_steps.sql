-- The days whose profiles were already built after $day: replayed, in order, after $day.
SELECT day FROM profile.steps WHERE day > $day ORDER BY day;
