-- The same standardised input for Splink: one row per contacts record with its usable key values
-- (normalised, invalid and blocklisted values already NULL, as our step stored them). With $cap,
-- values over the records cap are NULL too (a frequency cap); the family-phone guard is ours only.
CREATE OR REPLACE TABLE bench.splink_input AS
WITH keys AS (
    SELECT h.record_no, h.key, h.value
    FROM identity.record_keys_history AS h
    WHERE h.valid_to IS NULL AND h.kind = 'contacts' AND h.link
      AND NOT ($cap AND (h.key, h.value) IN (
          SELECT key, value FROM identity.skipped_values_daily
          WHERE day = $day::DATE AND reason = 'over_records_cap'))
)
-- The key_columns placeholder is filled from config/identity.yaml's linking keys, quoted, one per key:
--   max(k.value) FILTER (WHERE k.key = '<key>') AS "<key>"
SELECT m.source || '|' || n.record_id AS unique_id, m.source, n.record_id{key_columns}
FROM identity.record_profiles_history AS m
JOIN raw.record_numbers AS n ON n.record_no = m.record_no
LEFT JOIN keys AS k ON k.record_no = m.record_no
WHERE m.valid_to IS NULL AND m.kind = 'contacts'
GROUP BY m.source, n.record_id;
