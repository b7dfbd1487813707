-- Sources that are no longer contacts or orders sources ($sources) lose their mark: their loads
-- stop maintaining the version columns, so they are filled afresh if they become one again.
DELETE FROM raw.versioned_sources WHERE source NOT IN (SELECT unnest($sources::VARCHAR[]));
