-- The values libphonenumber just parsed (temp view parsed_phones) complete phone_values.
UPDATE phone_values AS v
SET e164 = p.e164, known = true
FROM parsed_phones AS p
WHERE p.raw = v.raw;
