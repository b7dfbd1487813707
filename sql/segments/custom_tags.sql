-- Side table for custom segments: the day's tags with their profile (as cdh.profile_tags).
CREATE OR REPLACE TEMP TABLE tags AS SELECT * FROM cdh.profile_tags_asof($day::DATE);
