-- cdh.profile_splits: on `day`, profile `profile_id` split off `from_profile_id` (which kept its id).
CREATE OR REPLACE VIEW cdh.profile_splits AS
SELECT day, profile_id, from_profile_id, records
FROM identity.profile_splits_daily;
