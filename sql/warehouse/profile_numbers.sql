-- Warehouses from before profile numbers (sql/warehouse/create_tables.sql): the history tables'
-- text profile ids become their numbers (identity.profile_number), and the profile_hash columns
-- that found rows by the text go; one transaction (DuckDB refuses SET NOT NULL in it:
-- warehouse/profile_numbers_not_null.sql follows). Run when identity.record_profiles_history
-- still has profile_id, after warehouse/unnumbered_profile_ids.sql found every stored id well formed.
ALTER TABLE identity.record_profiles_history ADD COLUMN profile_no UBIGINT;
UPDATE identity.record_profiles_history SET profile_no = identity.profile_number(profile_id);
ALTER TABLE identity.record_profiles_history DROP COLUMN profile_id;
ALTER TABLE identity.record_profiles_history DROP COLUMN IF EXISTS profile_hash;
ALTER TABLE profile.attribute_values_history ADD COLUMN profile_no UBIGINT;
UPDATE profile.attribute_values_history SET profile_no = identity.profile_number(profile_id);
ALTER TABLE profile.attribute_values_history DROP COLUMN profile_id;
ALTER TABLE profile.attribute_values_history DROP COLUMN IF EXISTS profile_hash;
