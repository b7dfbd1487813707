-- One line per day for the run summary.
SELECT d.day,
       (SELECT count(*) FROM ops.file_manifest AS m WHERE m.day = d.day AND m.status = 'loaded'),
       (SELECT count(*) FROM ops.file_manifest AS m WHERE m.day = d.day AND m.status = 'failed'),
       (SELECT count(*) FROM raw.records AS r WHERE r.day = d.day),
       (SELECT count(*) FROM ops.quarantine AS q WHERE q.day = d.day),
       (SELECT count(DISTINCT profile_no) FROM identity.record_profiles_daily AS p WHERE p.day = d.day),
       (SELECT coalesce(sum(records), 0) FROM identity.skipped_values_daily AS s
         WHERE s.day = d.day AND s.reason = 'invalid'),
       (SELECT coalesce(sum(records), 0) FROM identity.skipped_values_daily AS s
         WHERE s.day = d.day AND s.reason <> 'invalid'),
       (SELECT count(*) FROM identity.profile_merges_daily AS g WHERE g.day = d.day)
FROM (SELECT DISTINCT day FROM raw.records WHERE day BETWEEN $first_day AND $last_day) AS d
ORDER BY d.day;
