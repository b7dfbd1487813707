-- The contacts and orders sources ($sources) whose records were never numbered.
SELECT source FROM unnest($sources::VARCHAR[]) AS s(source)
WHERE source NOT IN (SELECT source FROM raw.versioned_sources WHERE numbered)
ORDER BY source;
