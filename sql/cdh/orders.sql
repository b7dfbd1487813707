-- cdh.orders (1:N): order lines (newest version) with the profile they are attached to.
CREATE OR REPLACE VIEW cdh.orders AS
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
FROM identity.records_asof(DATE '9999-12-31') AS r
LEFT JOIN cdh.record_profiles AS rp ON rp.source = r.source AND rp.record_id = r.record_id
WHERE r.kind = 'orders';
