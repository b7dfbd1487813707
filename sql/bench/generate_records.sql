-- The records of bench.people in three tools (LINE platform, shop, CRM), delivered on $day, with
-- the hidden truth in bench.truth: duplicate LINE accounts of one person (same email), phones in
-- four spellings, e-mails with capitals and spaces, test accounts on blocklisted values (each its
-- own person), and a shop phone on many unrelated CRM records (a super-node over the cap).
CREATE OR REPLACE TEMP TABLE bench_new AS
WITH people AS (SELECT * FROM bench.people),
spelled AS (
    SELECT *,
           CASE hash(person, 'fmt') % 4
               WHEN 0 THEN phone
               WHEN 1 THEN substr(phone, 1, 4) || '-' || substr(phone, 5, 3) || '-' || substr(phone, 8)
               WHEN 2 THEN '+886 ' || substr(phone, 2, 3) || ' ' || substr(phone, 5, 3) || ' ' || substr(phone, 8)
               ELSE '886' || substr(phone, 2)
           END AS phone_raw,
           CASE WHEN hash(person, 'case') % 5 = 0 THEN ' ' || upper(email) ELSE email END AS email_raw,
           'C' || lpad(person || '', 9, '0') AS customer_id
    FROM people
),
records AS (
    SELECT 'maac_contacts' AS source, 'U' || md5('line' || person) AS record_id, person,
           MAP {'line_uid': 'U' || md5('line' || person),
                'customer_id': CASE WHEN bound THEN customer_id END,
                'phone': CASE WHEN has_phone THEN phone_raw END,
                'email': CASE WHEN has_email AND d % 2 = 0 THEN email_raw END,
                'name': 'name ' || person,
                'updated_at': '2026-11-01T10:00:00+08:00'} AS fields
    FROM spelled WHERE d % 10 < 9 OR bound = false
    UNION ALL
    SELECT 'shop_members', customer_id, person,
           MAP {'customer_id': customer_id, 'phone': CASE WHEN has_phone THEN phone END,
                'email': CASE WHEN has_email THEN email_raw END, 'name': 'name ' || person,
                'registered_at': '2026-10-01T10:00:00+08:00'}
    FROM spelled WHERE bound
    UNION ALL
    SELECT 'crm_contacts', 'crm-' || person, person,
           MAP {'crm_id': 'crm-' || person, 'email': CASE WHEN has_email THEN email END,
                'phone': CASE WHEN has_phone AND d % 3 = 0 THEN phone_raw END, 'name': 'name ' || person,
                'modifiedon': '2026-11-01T09:00:00+08:00'}
    FROM spelled WHERE (d // 7) % 100 < 35
    UNION ALL
    -- a second LINE account of the same person (same email)
    SELECT 'maac_contacts', 'U' || md5('dup' || person), person,
           MAP {'line_uid': 'U' || md5('dup' || person), 'email': email, 'name': 'name ' || person,
                'updated_at': '2026-11-01T11:00:00+08:00'}
    FROM spelled WHERE has_email AND (d // 3) % 100 < 3
    UNION ALL
    -- test accounts: blocklisted phone and email, each a person of its own
    SELECT 'maac_contacts', 'U' || md5('test' || person), -person - 1,
           MAP {'line_uid': 'U' || md5('test' || person), 'phone': '0900000000', 'email': 'test@test.com',
                'name': 'test', 'updated_at': '2026-11-01T12:00:00+08:00'}
    FROM spelled WHERE (d // 11) % 1000 < 2
    UNION ALL
    -- the shop's own phone typed into unrelated CRM records (each a person of its own)
    SELECT 'crm_contacts', 'crm-shop-' || person, -person - 10000000000,
           MAP {'crm_id': 'crm-shop-' || person, 'phone': '02-2345-6789', 'name': 'walk-in',
                'modifiedon': '2026-11-01T09:00:00+08:00'}
    FROM spelled WHERE (d // 13) % 1000 < 1
)
SELECT * FROM records;
