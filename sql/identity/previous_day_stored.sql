SELECT count(*) > 0 FROM identity.record_profiles_daily WHERE day = $day::DATE - 1;
