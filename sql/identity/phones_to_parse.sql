-- Distinct raw phone values for libphonenumber: not spelled as the SQL fast path reads them, and
-- not yet in the cache for this region.
SELECT raw FROM phone_values WHERE NOT known;
