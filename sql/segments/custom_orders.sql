-- Side table for custom segments: the day's order lines with their profile (as cdh.orders).
CREATE OR REPLACE TEMP TABLE orders AS SELECT * FROM cdh.orders_asof($day::DATE);
