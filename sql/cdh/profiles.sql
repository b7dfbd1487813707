-- cdh.profiles: one row per profile, one value per attribute (N:1), as of the latest day.
-- The attribute_columns placeholder below is filled from config/profile.yaml with quoted, validated names, one
--   max(value) FILTER (WHERE attribute = '<name>')::<type> AS "<name>"
-- per attribute: at most one value exists per profile and attribute, so max() only pivots.
CREATE OR REPLACE VIEW cdh.profiles AS
WITH latest AS (SELECT max(day) AS day FROM identity.record_profiles_daily),
ids AS (
    SELECT DISTINCT rp.profile_no
    FROM identity.record_profiles_daily AS rp JOIN latest USING (day)
)
SELECT identity.profile_text(ids.profile_no) AS profile_id{attribute_columns}
FROM ids
LEFT JOIN profile.attribute_values_daily AS v
       ON v.profile_no = ids.profile_no AND v.day = (SELECT day FROM latest)
GROUP BY ids.profile_no;
