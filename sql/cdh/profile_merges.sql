-- cdh.profile_merges: on `day`, profile `from_profile_id` was merged into `into_profile_id`.
CREATE OR REPLACE VIEW cdh.profile_merges AS
SELECT day, from_profile_id, into_profile_id
FROM identity.profile_merges_daily;
