-- cdh.orders (1:N): order lines (newest version delivered up to day d) with the profile they are
-- attached to on d; the view is the latest processed day. Custom segments read the macro per day.
CREATE OR REPLACE MACRO cdh.orders_asof(d) AS TABLE
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
FROM identity.records_asof(d) AS r
LEFT JOIN identity.mapping_asof(d) AS rp ON rp.source = r.source AND rp.record_id = r.record_id
WHERE r.kind = 'orders';

CREATE OR REPLACE VIEW cdh.orders AS
SELECT * FROM cdh.orders_asof((SELECT coalesce(max(day), DATE '9999-12-31') FROM identity.steps));
