-- Side table for custom segments: the day's tags with their profile (as cdh.profile_tags), from
-- the step's records_asof.
CREATE OR REPLACE TEMP TABLE tags AS SELECT * FROM cdh.tags_of('records_asof', $day::DATE);
