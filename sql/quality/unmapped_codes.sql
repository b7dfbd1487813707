SELECT attribute, source, count(DISTINCT code), sum(records)
FROM profile.unmapped_codes_daily
WHERE day BETWEEN $first_day AND $last_day
GROUP BY attribute, source ORDER BY attribute, source;
