CREATE OR REPLACE TEMP TABLE clusters AS
SELECT h.source, n.record_id, h.profile_no AS cluster
FROM identity.record_profiles_history AS h
JOIN raw.record_numbers AS n ON n.record_no = h.record_no
WHERE h.valid_to IS NULL AND h.kind = 'contacts';
