-- Close the stored key values the step's records no longer carry, found by the row_id key_diff
-- read in this transaction (no second scan of every stored value).
UPDATE identity.record_keys_history
SET valid_to = $day
WHERE rowid IN (SELECT row_id FROM key_diff WHERE change = '-');
