-- An incremental step's carriers: the current contacts records carrying a value in stat_values (a
-- view, so it reads whichever stat_values identity/value_stats.sql runs on).
CREATE OR REPLACE TEMP VIEW stat_carriers AS
SELECT h.source, h.record_id, h.key, h.value
FROM identity.record_keys_history AS h
JOIN stat_values AS v ON v.key = h.key AND v.value = h.value
WHERE h.valid_to IS NULL AND h.kind = 'contacts';
