-- The latest load attempt of one delivered file name: its content hash and what became of it.
SELECT sha256, status, error
FROM ops.file_manifest
WHERE source = $source AND file_name = $file_name AND day = $day
ORDER BY loaded_at DESC
LIMIT 1;
