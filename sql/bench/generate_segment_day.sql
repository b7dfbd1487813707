-- The next day of the segment benchmark: 1% of the profiles with customer ids place a new paid
-- order; identity and profile state carry over unchanged (their interval rows stay open).
INSERT INTO identity.steps VALUES ($day, $previous_day, 'incremental', 'bench', 0, 0, 0, 0, now());
INSERT INTO profile.steps VALUES ($day, $previous_day, 'incremental', 'bench', 0, 0, now());

CREATE OR REPLACE TEMP TABLE bench_new_orders AS
SELECT i::UBIGINT AS profile_no, 'C' || i AS customer_id, 'N' || i AS order_id,
       7 * $profiles + i + 1 AS record_no  -- after the first day's (bench/generate_segment_state.sql)
FROM range(0, $profiles, 100) AS t(i);

INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT 'orders', order_id || ':1', record_no FROM bench_new_orders;
INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at, record_no)
SELECT 'orders', $day, 'orders_bench2.csv.gz', row_number() OVER (), order_id || ':1', NULL,
       MAP {'order_id': order_id, 'customer_id': customer_id, 'order_datetime': $day::VARCHAR || 'T09:00:00+08:00',
            'line_no': '1', 'order_total': '4000', 'status': 'paid', 'channel': 'web'},
       now(), record_no
FROM bench_new_orders;
INSERT INTO identity.record_profiles_history
    (source, kind, profile_no, first_seen_day, valid_from, valid_to, record_no)
SELECT 'orders', 'orders', profile_no, $day, $day, NULL, record_no
FROM bench_new_orders;

INSERT INTO raw.records (source, day, file_name, line_no, record_id, segment, fields, loaded_at)
SELECT source, $day, file_name, line_no, record_id, segment, fields, now()
FROM raw.records WHERE source = 'web_segments' AND day = $previous_day;
