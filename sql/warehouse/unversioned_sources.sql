-- The contacts and orders sources ($sources) whose rows' version columns were never filled.
SELECT source FROM unnest($sources::VARCHAR[]) AS s(source)
WHERE source NOT IN (SELECT source FROM raw.versioned_sources)
ORDER BY source;
