-- The days already processed after $day: replayed, in order, after $day is (re)built.
SELECT day FROM identity.steps WHERE day > $day ORDER BY day;
