-- Distinct raw phone values for libphonenumber: not spelled as the SQL fast path reads them, and
-- not yet in the cache for this region.
SELECT DISTINCT r.fields[k.field] AS raw
FROM records_asof AS r
JOIN config.keys AS k ON k.normaliser = 'phone'
WHERE r.fields[k.field] IS NOT NULL
  AND identity.fast_phone(r.fields[k.field], $region) IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM identity.phone_numbers AS p
      WHERE p.raw = r.fields[k.field] AND p.region = $region
  );
