-- Number the records that temp table `to_number` (source, record_id) lists and raw.record_numbers
-- does not hold yet: after the largest number so far, in (source, record id) order. Every
-- numbering runs this (assets/warehouse_setup.py number_records): a load's new records, and the
-- records of a warehouse from before record numbers.
-- NOT EXISTS, not NOT IN: a 1,000-line file against 10.4M numbered records took 0.10 s against
-- 0.30 s (NOT IN hashed every stored number).
INSERT INTO raw.record_numbers (source, record_id, record_no)
SELECT t.source, t.record_id,
       (SELECT coalesce(max(record_no), 0) FROM raw.record_numbers)
           + row_number() OVER (ORDER BY t.source, t.record_id)
FROM (SELECT DISTINCT source, record_id FROM to_number) AS t
WHERE NOT EXISTS (
    SELECT 1 FROM raw.record_numbers AS n WHERE n.source = t.source AND n.record_id = t.record_id
);
