-- What a source holds for a window of days, after loading: rows, files and quarantined rows.
SELECT
    (SELECT count(*) FROM raw.records WHERE source = $source AND day BETWEEN $first_day AND $last_day),
    (SELECT count(*) FROM ops.quarantine WHERE source = $source AND day BETWEEN $first_day AND $last_day),
    (SELECT count(DISTINCT file_name) FROM ops.file_manifest
      WHERE source = $source AND day BETWEEN $first_day AND $last_day AND status = 'loaded');
