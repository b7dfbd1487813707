-- A new profile id made of records of a profile that still exists split off from it; it records
-- where most of its records came from. Reads identity/profile_moves.sql.
CREATE OR REPLACE TEMP TABLE splits AS
SELECT into_id AS profile_no, from_id AS from_profile_no, records
FROM moves
WHERE into_born AND NOT from_gone
QUALIFY row_number() OVER (PARTITION BY into_id ORDER BY records DESC, from_id) = 1;
