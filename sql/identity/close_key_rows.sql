UPDATE identity.record_keys_history AS h
SET valid_to = $day
FROM key_diff AS d
WHERE d.change = '-' AND h.valid_to IS NULL
  AND h.source = d.source AND h.record_id = d.record_id AND h.key = d.key AND h.value = d.value;
