-- A full step's carriers (instead of identity/stat_carriers.sql): every current contacts record's
-- linking values, read straight from the history (joining them to a table of every value cost 7 s
-- at 10M records). A view: identity/value_stats.sql reads it inline.
CREATE OR REPLACE TEMP VIEW stat_carriers AS
SELECT source, record_id, key, value
FROM identity.record_keys_history
WHERE valid_to IS NULL AND kind = 'contacts' AND link;
