-- Changes of an incremental day: existing LINE records re-delivered with a new phone (one in
-- $every), and new LINE accounts of existing people sharing their e-mail (one in 10 * $every).
CREATE OR REPLACE TEMP TABLE bench_new AS
WITH latest AS (
    SELECT r.source, r.record_id, r.fields, t.person
    FROM raw.records AS r JOIN bench.truth AS t USING (source, record_id)
    WHERE r.source = 'maac_contacts' AND t.person >= 0
    QUALIFY row_number() OVER (PARTITION BY r.source, r.record_id ORDER BY r.day DESC) = 1
)
SELECT source, record_id, person,
       map_concat(fields, MAP {'phone': '09' || lpad(((person + 50000000) * 7919 + 12345) % 100000000 || '', 8, '0'),
                               'updated_at': $day::VARCHAR || 'T10:00:00+08:00'}) AS fields
FROM latest
WHERE hash(record_id, $day::VARCHAR) % $every::BIGINT = 0
UNION ALL
SELECT 'maac_contacts', 'U' || md5('new' || person || $day::VARCHAR), person,
       MAP {'line_uid': 'U' || md5('new' || person || $day::VARCHAR), 'email': 'u' || person || '@example.com',
            'name': 'name ' || person, 'updated_at': $day::VARCHAR || 'T11:00:00+08:00'}
FROM bench.people
WHERE hash(person, 'new', $day::VARCHAR) % (10 * $every::BIGINT) = 0;
