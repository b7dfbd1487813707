-- The profile_no columns of a warehouse from before them, once filled (warehouse/profile_numbers.sql).
ALTER TABLE identity.record_profiles_history ALTER COLUMN profile_no SET NOT NULL;
ALTER TABLE profile.attribute_values_history ALTER COLUMN profile_no SET NOT NULL;
