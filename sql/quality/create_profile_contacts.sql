-- Every profile of one day with its key attributes (phone, email, LINE uid, ...): the batch the
-- profile suite validates, materialised once so GX's many metric queries read a table instead of
-- re-running this pivot ({attribute_columns}: quoted names from config).
CREATE OR REPLACE TABLE quality.profile_contacts AS
SELECT identity.profile_text(rp.profile_no) AS profile_id{attribute_columns}
FROM (SELECT DISTINCT profile_no FROM identity.record_profiles_daily WHERE day = $day) AS rp
LEFT JOIN profile.attribute_values_daily AS v ON v.day = $day AND v.profile_no = rp.profile_no
GROUP BY rp.profile_no;
