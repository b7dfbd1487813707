-- The latest load attempt of one delivered file name: its content hash, what became of it, and
-- the size and mtime it was listed with (the same listing again means the same file: no download).
SELECT sha256, status, error, size, listed_mtime
FROM ops.file_manifest
WHERE source = $source AND file_name = $file_name AND day = $day
ORDER BY loaded_at DESC
LIMIT 1;
