-- Synthetic people for the identity benchmark (deterministic: every draw is a hash of the person
-- number). Phones are unique per person except family pairs: every 50th person shares the phone of
-- the person before, and both are bound members with different customer ids.
CREATE OR REPLACE TABLE bench.people AS
WITH p AS (
    SELECT i, hash(i, 'draw') % 1000000 AS d FROM range($first::BIGINT, $first::BIGINT + $persons::BIGINT) AS t(i)
)
SELECT i AS person,
       '09' || lpad(((CASE WHEN i % 50 = 1 THEN i - 1 ELSE i END) * 7919 + 12345) % 100000000 || '', 8, '0')
           AS phone,
       'u' || i || '@example.com' AS email,
       (d % 100) < 40 OR i % 50 IN (0, 1) AS bound,
       (d // 100 % 100) < 75 OR i % 50 IN (0, 1) AS has_phone,
       (d // 10000 % 100) < 60 AS has_email,
       d
FROM p;
