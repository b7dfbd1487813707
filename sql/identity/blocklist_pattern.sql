-- One blocklist pattern of one key, bound as a constant so RE2 compiles it once (a pattern read
-- from a joined table would be compiled again for every row). Matched on the normalised value.
UPDATE key_values SET problem = 'blocklisted'
WHERE key = $key AND problem IS NULL AND regexp_matches(value, $pattern);
