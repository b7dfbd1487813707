-- Remove one file's rows before its new version is loaded (same transaction as the insert).
DELETE FROM raw.records WHERE source = $source AND day = $day AND file_name = $file_name;
