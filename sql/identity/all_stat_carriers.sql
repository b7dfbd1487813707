-- A full step's carriers (instead of identity/stat_carriers.sql): every current linking key row,
-- of contacts and orders, read straight from the history (joining them to a table of every value
-- cost 7 s at 10M records). A view: identity/value_stats.sql reads it inline.
CREATE OR REPLACE TEMP VIEW stat_carriers AS
SELECT source, kind, record_no, key, priority, value
FROM identity.record_keys_history
WHERE valid_to IS NULL AND link;
