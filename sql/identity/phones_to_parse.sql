-- Distinct raw phone values not yet in the libphonenumber cache for this region.
SELECT DISTINCT r.fields[k.field] AS raw
FROM records_asof AS r
JOIN config.keys AS k ON k.normaliser = 'phone'
WHERE r.fields[k.field] IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM identity.phone_numbers AS p
      WHERE p.raw = r.fields[k.field] AND p.region = $region
  );
