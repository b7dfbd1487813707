-- Sources $sources have their version columns filled; their loads keep them so from now on.
INSERT INTO raw.versioned_sources (source, indexed_at)
SELECT unnest($sources::VARCHAR[]), $now
ON CONFLICT DO NOTHING;
