-- A full step skips the caps of touched values (it recomputes everything): an empty value_stats.
CREATE OR REPLACE TEMP TABLE value_stats AS
SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS value, 0::BIGINT AS records, NULL::VARCHAR AS skip_reason
WHERE false;
