DELETE FROM ops.quarantine WHERE source = $source AND day = $day AND file_name = $file_name;
