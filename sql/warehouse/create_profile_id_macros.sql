-- A profile's id is 'p_' and 16 hex digits, those of the first half of the md5 of its oldest
-- record (identity/resolved_contacts.sql); the history tables store the 64 bits they spell
-- (profile_no, sql/warehouse/create_tables.sql): made before the views that spell ids and before
-- warehouse/profile_numbers.sql turns an older warehouse's stored ids into numbers.
CREATE OR REPLACE MACRO identity.profile_no(source, record_id) AS
    ('0x' || substr(md5(source || '|' || record_id), 1, 16))::UBIGINT;
CREATE OR REPLACE MACRO identity.profile_text(profile_no) AS 'p_' || printf('%016x', profile_no);
-- an id as its number; NULL for a text that is no profile id
CREATE OR REPLACE MACRO identity.profile_number(profile_id) AS
    CASE WHEN regexp_full_match(profile_id, 'p_[0-9a-f]{16}') THEN ('0x' || substr(profile_id, 3))::UBIGINT END;
