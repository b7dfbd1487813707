-- Segment + export benchmark: the identity and profile state of N profiles on the day, as the
-- identity and profile steps would leave it (one LINE record each; a CRM record for 40%, a shop
-- customer id for half), their orders (0-6 lines, 10% refunded) and three web-analytics feeds.
INSERT INTO identity.steps VALUES ($day, NULL, 'full', 'bench', 0, 0, 0, 0, now());
INSERT INTO profile.steps VALUES ($day, NULL, 'full', 'bench', 0, 0, now());

CREATE OR REPLACE TEMP TABLE bench_people AS
SELECT i, i::UBIGINT AS profile_no,
       'U' || md5('uid' || i) AS line_uid, 3 * i + 1 AS line_record_no, 3 * i + 2 AS crm_record_no,
       CASE WHEN i % 2 = 0 THEN 'C' || i END AS customer_id,
       CASE WHEN i % 5 < 2 THEN 'X' || i END AS crm_id,
       CASE WHEN i % 10 < 8 THEN 'person' || i || '@example.com' END AS email,
       CASE WHEN i % 10 < 6 THEN '+8869' || lpad((i % 100000000)::VARCHAR, 8, '0') END AS phone,
       CASE i % 7 WHEN 0 THEN 'Gold' WHEN 1 THEN 'Platinum' WHEN 2 THEN 'Standard' END AS tier,
       i % 7 AS orders
FROM range($profiles) AS t(i);

INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT 'maac_contacts', line_uid, line_record_no FROM bench_people
UNION ALL
SELECT 'crm_contacts', crm_id, crm_record_no FROM bench_people WHERE crm_id IS NOT NULL;

INSERT INTO identity.record_profiles_history
    (source, kind, profile_no, first_seen_day, valid_from, valid_to, record_no)
SELECT 'maac_contacts', 'contacts', profile_no, $day, $day, NULL, line_record_no
FROM bench_people;
INSERT INTO identity.record_profiles_history
    (source, kind, profile_no, first_seen_day, valid_from, valid_to, record_no)
SELECT 'crm_contacts', 'contacts', profile_no, $day, $day, NULL, crm_record_no
FROM bench_people WHERE crm_id IS NOT NULL;

INSERT INTO identity.record_keys_history
    (source, kind, key, priority, link, value, valid_from, valid_to, record_no, value_hash)
SELECT 'maac_contacts', 'contacts', k.key, k.priority, k.link, k.value, $day, NULL,
       line_record_no, identity.value_hash(k.key, k.value)
FROM bench_people
CROSS JOIN LATERAL (VALUES ('line_uid', 1, true, line_uid), ('customer_id', 0, true, customer_id),
                           ('email', 3, true, email), ('email_md5', 5, false, md5(email)),
                           ('phone', 4, true, phone)) AS k(key, priority, link, value)
WHERE k.value IS NOT NULL;
INSERT INTO identity.record_keys_history
    (source, kind, key, priority, link, value, valid_from, valid_to, record_no, value_hash)
SELECT 'crm_contacts', 'contacts', 'crm_id', 6, false, crm_id, $day, NULL,
       crm_record_no, identity.value_hash('crm_id', crm_id)
FROM bench_people WHERE crm_id IS NOT NULL;

INSERT INTO profile.attribute_values_history
    (profile_no, attribute, value, source, record_no, candidates, valid_from, valid_to)
SELECT profile_no, a.attribute, a.value, 'maac_contacts', line_record_no, 1, $day, NULL
FROM bench_people
CROSS JOIN LATERAL (VALUES ('line_uid', line_uid), ('customer_id', customer_id), ('email', email),
                           ('email_md5', md5(email)), ('phone', phone), ('member_tier', tier),
                           ('last_seen_at', ($day::DATE - (i % 90)::INTEGER)::VARCHAR || 'T10:00:00+08:00'))
     AS a(attribute, value)
WHERE a.value IS NOT NULL;

CREATE OR REPLACE TEMP TABLE bench_orders AS
SELECT p.profile_no, p.customer_id, 'O' || p.i || '-' || n AS order_id,
       3 * $profiles + row_number() OVER () AS record_no,
       ($day::DATE - ((p.i * 7 + n * 37) % 400)::INTEGER)::VARCHAR || 'T12:00:00+08:00' AS ordered_at,
       (100 + (p.i * 13 + n) % 3000)::VARCHAR AS total,
       CASE WHEN (p.i + n) % 10 = 0 THEN 'refunded' ELSE 'paid' END AS status,
       CASE WHEN (p.i + n) % 3 = 0 THEN 'store' ELSE 'web' END AS channel
FROM bench_people AS p, range(p.orders) AS t(n)
WHERE p.customer_id IS NOT NULL;

INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT 'orders', order_id || ':1', record_no FROM bench_orders;
INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at, record_no)
SELECT 'orders', $day, 'orders_bench.csv.gz', row_number() OVER (), order_id || ':1', NULL,
       MAP {'order_id': order_id, 'customer_id': customer_id, 'order_datetime': ordered_at, 'line_no': '1',
            'order_total': total, 'status': status, 'channel': channel},
       now(), record_no
FROM bench_orders;
INSERT INTO identity.record_profiles_history
    (source, kind, profile_no, first_seen_day, valid_from, valid_to, record_no)
SELECT 'orders', 'orders', profile_no, $day, $day, NULL, record_no
FROM bench_orders;

INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at)
SELECT 'web_segments', $day, 'segment_' || f.segment || '_bench.csv.gz', row_number() OVER (), h, f.segment,
       MAP {'email_md5': h}, now()
FROM (VALUES ('positive_sentiment', 3), ('negative_sentiment', 11), ('newsletter_unsubscribed', 17)) AS f(segment, every)
CROSS JOIN LATERAL (
    SELECT md5(email) AS h FROM bench_people WHERE email IS NOT NULL AND i % f.every = 0
    UNION ALL SELECT md5('nobody' || n) FROM range(1000) AS t(n)
) AS rows;
