INSERT OR REPLACE INTO identity.phone_numbers (raw, region, e164)
SELECT raw, $region, e164 FROM parsed_phones;
