-- A new version of a file replaces the loaded one: mark the older attempt superseded.
UPDATE ops.file_manifest SET status = 'superseded'
WHERE source = $source AND day = $day AND file_name = $file_name AND status = 'loaded';
