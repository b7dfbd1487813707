-- The stored current values of the recomputed profiles and of profiles that lost members since
-- the previous step (all, for a full step): what the survivors replace. One IN over a UNION ALL:
-- two ORed IN lists cost two mark joins over every stored value (4.5 -> 3.5 s of a 1% day at 10M).
-- row_id: where the row is stored, for closing it without another scan (read in the same
-- transaction as the update, so it does not move).
CREATE OR REPLACE TEMP TABLE old_values AS
SELECT profile_id, attribute, value, source, record_id, candidates, rowid AS row_id
FROM profile.attribute_values_history
WHERE valid_to IS NULL
  AND ($full
       OR profile_id IN (
           SELECT profile_id FROM recompute
           UNION ALL
           -- contacts members only: a profile that lost an order keeps its attributes (orders
           -- give none), and is not recomputed (profile/recompute_profiles.sql)
           SELECT profile_id FROM identity.record_profiles_history
           WHERE kind = 'contacts' AND valid_to > $prev::DATE AND valid_to <= $day::DATE));
