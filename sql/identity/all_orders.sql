-- A full step's order scope (instead of identity/affected_orders.sql): every order as of the day
-- that is not erased (the orders carrying a value of a recomputed record are among them).
CREATE OR REPLACE TEMP TABLE order_scope AS
SELECT record_no FROM records_asof
WHERE kind = 'orders' AND record_no NOT IN (SELECT record_no FROM erased);
