-- A few values of one profile attribute that lack their key's format (masked before shown).
SELECT value
FROM profile.attribute_values_daily
WHERE day = $day AND attribute = $attribute AND NOT regexp_full_match(value, $pattern)
ORDER BY value
LIMIT 5;
