-- Sources $sources have their version columns filled and their records numbered; their loads keep
-- both so from now on.
INSERT INTO raw.versioned_sources (source, indexed_at, numbered)
SELECT unnest($sources::VARCHAR[]), $now, true
ON CONFLICT DO UPDATE SET numbered = true;
