-- The identity and profile state of every processed day, read from the interval tables. A record
-- is named by its number (raw.record_numbers holds its id: cdh.record_profiles shows it).
CREATE OR REPLACE VIEW identity.record_profiles_daily AS
SELECT s.day, h.source, h.record_no, h.profile_no, identity.profile_text(h.profile_no) AS profile_id
FROM identity.steps AS s
JOIN identity.record_profiles_history AS h
  ON h.valid_from <= s.day AND (h.valid_to IS NULL OR h.valid_to > s.day);

-- All usable values of every key per profile (1:N), per processed day, e.g. a profile's two emails.
CREATE OR REPLACE VIEW identity.profile_identifiers_daily AS
SELECT s.day, identity.profile_text(p.profile_no) AS profile_id, k.key, k.value, count(*) AS records
FROM identity.steps AS s
JOIN identity.record_profiles_history AS p
  ON p.valid_from <= s.day AND (p.valid_to IS NULL OR p.valid_to > s.day) AND p.kind = 'contacts'
JOIN identity.record_keys_history AS k
  ON k.record_no = p.record_no
 AND k.valid_from <= s.day AND (k.valid_to IS NULL OR k.valid_to > s.day)
GROUP BY s.day, p.profile_no, k.key, k.value;

-- The surviving attribute values of every profile, per processed profile day.
CREATE OR REPLACE VIEW profile.attribute_values_daily AS
SELECT s.day, h.profile_no, identity.profile_text(h.profile_no) AS profile_id, h.attribute, h.value,
       h.source, h.record_no, h.candidates
FROM profile.steps AS s
JOIN profile.attribute_values_history AS h
  ON h.valid_from <= s.day AND (h.valid_to IS NULL OR h.valid_to > s.day);
