-- One blocklist pattern of one key, bound as a constant so RE2 compiles it once (a pattern read
-- from a joined table would be compiled again for every row). Matched on the normalised value; for
-- an email_md5 key ($hashed), on the normalised e-mail before hashing (as its blocklisted values).
UPDATE key_values SET problem = 'blocklisted'
WHERE key = $key AND problem IS NULL
  AND regexp_matches(CASE WHEN $hashed THEN lower(trim(raw)) ELSE value END, $pattern);
