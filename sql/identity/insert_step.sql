INSERT INTO identity.steps
    (day, previous_day, mode, config_fingerprint, changed_records, affected_records, erased_records,
     seconds, finished_at)
VALUES ($day, $prev, $mode, $fingerprint, $changed, $affected, $erased, $seconds, now());
