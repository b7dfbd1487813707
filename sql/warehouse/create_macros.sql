-- The newest version of every contacts and orders record delivered up to day d, with the day the
-- record was first seen (a record's age decides which profile id survives a merge): found by the
-- version columns the loads keep (ingest/record_versions.sql), as identity/records_wanted.sql.
CREATE OR REPLACE MACRO identity.records_asof(d) AS TABLE
SELECT
    r.source,
    s.kind,
    r.record_id,
    r.record_no,
    r.fields,
    TRY_CAST(r.fields[s.updated_at_field] AS TIMESTAMPTZ) AS record_ts,
    coalesce(r.first_day, r.day) AS first_seen_day,
    r.day AS last_seen_day
FROM raw.records AS r
JOIN config.sources AS s ON s.source = r.source AND s.kind IN ('contacts', 'orders')
WHERE r.day <= d AND (r.next_day IS NULL OR r.next_day > d);

-- The key values of the records delivered on day d, as the step of d found them: each usable one
-- from the key history (valid on d), each unusable one from quality.key_problems. The batch of the
-- staged-records checks (quality/staged_keys.sql) and their samples.
CREATE OR REPLACE MACRO quality.delivered_keys(d) AS TABLE
WITH delivered AS (
    SELECT DISTINCT source, record_id, record_no FROM raw.records WHERE day = d
)
SELECT dl.source, dl.record_id, h.key, k.normaliser, NULL::VARCHAR AS raw, h.value, NULL::VARCHAR AS problem
FROM identity.record_keys_history AS h
JOIN delivered AS dl ON dl.record_no = h.record_no
JOIN config.keys AS k ON k.key = h.key
WHERE h.valid_from <= d AND (h.valid_to IS NULL OR h.valid_to > d)
UNION ALL
SELECT p.source, p.record_id, p.key, p.normaliser, p.raw, p.value, p.problem
FROM quality.key_problems AS p
WHERE p.day = d AND (p.source, p.record_id) IN (SELECT source, record_id FROM delivered);

-- Why a profile is what it is, as of day d: each member record's key values (as last delivered up
-- to d), the day each was delivered, and its role: 'links' (shared with another member: this is what
-- joined them), 'own' (usable, held by this record only), or why it linked nobody ('invalid',
-- 'blocklisted', or a cap such as 'too_many_records'). Used by `cdh explain`.
CREATE OR REPLACE MACRO identity.profile_explain(pid, d) AS TABLE
WITH members AS (
    SELECT record_no FROM identity.record_profiles_daily
    WHERE day = d AND profile_no = identity.profile_number(pid)
),
delivered AS (
    -- each member's last delivery up to d, and the step whose problems (quality.key_problems) hold
    -- for it: the last full step since that delivery (it checked every record again, under the
    -- rules of its day), else the first step on or after the delivery
    SELECT l.source, l.record_id, l.record_no, l.day,
           coalesce(max(s.day) FILTER (WHERE s.mode = 'full'), min(s.day)) AS step
    FROM (
        SELECT r.source, r.record_id, r.record_no, max(r.day) AS day
        FROM raw.records AS r
        JOIN members AS m ON m.record_no = r.record_no
        WHERE r.day <= d
        GROUP BY r.source, r.record_id, r.record_no
    ) AS l
    JOIN identity.steps AS s ON s.day >= l.day AND s.day <= d
    GROUP BY l.source, l.record_id, l.record_no, l.day
),
latest_keys AS (
    SELECT dl.day, dl.source, dl.record_id, h.key, h.value, NULL::VARCHAR AS raw, NULL::VARCHAR AS problem
    FROM identity.record_keys_history AS h
    JOIN delivered AS dl ON dl.record_no = h.record_no
    WHERE h.valid_from <= d AND (h.valid_to IS NULL OR h.valid_to > d)
    UNION ALL
    SELECT dl.day, p.source, p.record_id, p.key, p.value, p.raw, p.problem
    FROM quality.key_problems AS p
    JOIN delivered AS dl ON dl.source = p.source AND dl.record_id = p.record_id AND dl.step = p.day
),
shared AS (
    SELECT key, value, count(*) AS records FROM latest_keys WHERE problem IS NULL GROUP BY key, value
),
skipped AS (
    SELECT key, value, min(reason) AS reason FROM identity.skipped_values_daily WHERE day = d GROUP BY key, value
)
SELECT lk.source, lk.record_id, lk.day AS delivered_on, lk.key, coalesce(lk.value, lk.raw) AS value,
       CASE WHEN lk.problem IS NOT NULL THEN lk.problem
            WHEN s.reason IS NOT NULL THEN s.reason
            WHEN sh.records > 1 THEN 'links'
            ELSE 'own' END AS role
FROM latest_keys AS lk
LEFT JOIN shared AS sh ON sh.key = lk.key AND sh.value = lk.value
LEFT JOIN skipped AS s ON s.key = lk.key AND s.value = lk.value AND lk.problem IS NULL
ORDER BY CASE role WHEN 'links' THEN 0 WHEN 'own' THEN 1 ELSE 2 END, lk.key, value, lk.source, lk.record_id;

-- The profile of every record (by its number) as of a processed day d (the interval rows valid on
-- d), by the profile's number and id.
CREATE OR REPLACE MACRO identity.mapping_asof(d) AS TABLE
SELECT source, kind, record_no, profile_no, identity.profile_text(profile_no) AS profile_id, first_seen_day
FROM identity.record_profiles_history
WHERE valid_from <= d AND (valid_to IS NULL OR valid_to > d);

-- Taiwan mobile numbers in their usual spellings (0912-345-678, 0912 345 678, +886 912 345 678,
-- 886912345678) straight to E.164 in SQL, when the default region is TW; every other spelling goes
-- to libphonenumber (cached in identity.phone_numbers). tests/identity/test_resolution.py checks
-- that both give the same answer on the test corpus.
CREATE OR REPLACE MACRO identity.fast_phone(raw, region) AS
CASE WHEN region = 'TW'
          AND regexp_full_match(regexp_replace(raw, '[ ().-]', '', 'g'), '(\+?886|0)9[0-9]{8}')
     THEN '+8869' || right(regexp_replace(raw, '[ ().-]', '', 'g'), 8)
END;

-- The integer an incremental step finds a key value's rows by among all stored ones (value_hash of
-- the key history, sql/warehouse/create_tables.sql): one integer compares and hashes in a join
-- several times faster than two texts. Two texts can share a hash, so every lookup by hash also
-- checks the text (a record's rows are found by its number, exact: raw.record_numbers). DuckDB does not promise hash() across versions: the warehouse keeps a
-- canary and recomputes the stored hashes when it changes (warehouse/fill_row_hashes.sql).
-- 32 bits, not hash()'s 64: a step reads each stored hash column whole, and random bits do not
-- compress (10M records: 0.4 s to read one 64-bit column of the key rows into a fresh process);
-- each looked-up text also matches about one stored row in 4 billion by chance, which the text
-- check then drops.
CREATE OR REPLACE MACRO identity.value_hash(key, value) AS (hash(key, value) >> 32)::UINTEGER;

-- How a profile attribute spells a record's own timestamp (`record_updated_at`): its candidates
-- (profile/attribute_candidates.sql) and the min / max taken without candidates
-- (profile/attribute_survivors.sql) must spell it alike.
CREATE OR REPLACE MACRO profile.timestamp_text(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%S%z');

-- The newest version of every record delivered up to the latest processed identity day (what
-- cdh.orders and cdh.profile_tags read).
CREATE OR REPLACE VIEW identity.records_latest AS
SELECT * FROM identity.records_asof((SELECT coalesce(max(day), DATE '9999-12-31') FROM identity.steps));

-- Warehouses from before the version columns kept this macro (the records' delivery order).
DROP MACRO TABLE IF EXISTS identity.file_places;
