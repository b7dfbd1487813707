SELECT
    (SELECT count(DISTINCT profile_no) FROM identity.record_profiles_daily WHERE day = $day),
    (SELECT count(*) FROM profile.attribute_values_daily WHERE day = $day),
    (SELECT coalesce(sum(records), 0) FROM profile.unmapped_codes_daily WHERE day = $day);
