-- A file re-delivered with the same bytes: remember its new mtime, so the next listing of it is
-- recognised without downloading it again.
UPDATE ops.file_manifest
SET listed_mtime = $listed_mtime
WHERE source = $source AND file_name = $file_name AND day = $day AND sha256 = $sha256
  AND status <> 'superseded';
