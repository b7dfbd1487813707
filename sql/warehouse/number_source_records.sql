-- Write the records' numbers on the unnumbered rows of sources $sources, once they are numbered
-- (warehouse/source_records_to_number.sql, ingest/number_records.sql).
UPDATE raw.records AS r
SET record_no = n.record_no
FROM raw.record_numbers AS n
WHERE r.record_no IS NULL AND r.source IN (SELECT unnest($sources::VARCHAR[]))
  AND n.source = r.source AND n.record_id = r.record_id;
