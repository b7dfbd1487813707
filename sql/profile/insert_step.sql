INSERT INTO profile.steps (day, previous_day, mode, config_fingerprint, recomputed_profiles, seconds, finished_at)
VALUES ($day, $prev, $mode, $fingerprint, $recomputed, $seconds, now());
