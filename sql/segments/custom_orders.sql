-- Side table for custom segments: the day's order lines with their profile (as cdh.orders), from
-- the step's records_asof.
CREATE OR REPLACE TEMP TABLE orders AS SELECT * FROM cdh.order_lines('records_asof', $day::DATE);
