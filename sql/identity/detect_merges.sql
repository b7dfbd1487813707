-- A profile id that is gone was merged into the profile that now holds most of its records (the
-- surviving, older id). Reads identity/profile_moves.sql.
CREATE OR REPLACE TEMP TABLE merges AS
SELECT from_id AS from_profile_no, into_id AS into_profile_no, records
FROM moves
WHERE from_gone
QUALIFY row_number() OVER (PARTITION BY from_id ORDER BY records DESC, into_id) = 1;
