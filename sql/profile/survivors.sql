-- The survivors of a step that has stored values to diff them with (profile/value_diff.sql).
CREATE OR REPLACE TEMP TABLE survivors AS SELECT * FROM survivor_values;
