INSERT INTO identity.suppressions (key, value_sha256, reason, added_at)
VALUES ($key, $value_sha256, $reason, $added_at)
ON CONFLICT DO NOTHING
RETURNING key;
