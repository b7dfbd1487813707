-- cdh.orders (1:N): order lines (the newest version delivered up to the day) with the profile they
-- are attached to that day. The macro reads a table of records as identity.records_asof(d) gives
-- them (by name: the segment step passes its temp table records_asof); the view is the latest
-- processed day.
CREATE OR REPLACE MACRO cdh.order_lines(records, d) AS TABLE
SELECT rp.profile_id,
       r.source,
       r.fields['order_id'] AS order_id,
       TRY_CAST(r.fields['line_no'] AS INTEGER) AS line_no,
       TRY_CAST(r.fields['order_datetime'] AS TIMESTAMPTZ) AS ordered_at,
       r.fields['sku'] AS sku,
       TRY_CAST(r.fields['quantity'] AS INTEGER) AS quantity,
       TRY_CAST(r.fields['unit_price'] AS DECIMAL(18, 2)) AS unit_price,
       r.fields['currency'] AS currency,
       TRY_CAST(r.fields['order_total'] AS DECIMAL(18, 2)) AS order_total,
       r.fields['status'] AS status,
       r.fields['channel'] AS channel
FROM query_table(records) AS r
LEFT JOIN identity.mapping_asof(d) AS rp ON rp.record_no = r.record_no
WHERE r.kind = 'orders';

CREATE OR REPLACE VIEW cdh.orders AS
SELECT * FROM cdh.order_lines('identity.records_latest', (SELECT max(day) FROM identity.steps));
