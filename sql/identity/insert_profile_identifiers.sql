-- All valid values of every key per profile (1:N), e.g. a profile's two emails.
INSERT INTO identity.profile_identifiers_daily (day, profile_id, key, value, records)
SELECT $day, r.profile_id, kv.key, kv.value, count(*)
FROM key_values AS kv
JOIN resolved AS r ON r.source = kv.source AND r.record_id = kv.record_id
WHERE kv.problem IS NULL AND kv.kind = 'contacts'
GROUP BY r.profile_id, kv.key, kv.value;
