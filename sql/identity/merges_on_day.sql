SELECT count(*) FROM identity.profile_merges_daily WHERE day = $day;
