CREATE OR REPLACE TEMP TABLE clusters AS
SELECT source, record_id, profile_no AS cluster
FROM identity.record_profiles_history WHERE valid_to IS NULL AND kind = 'contacts';
