-- Which key each source's records carry: the identity keys (config/identity.yaml) whose field the
-- source maps (config/sources.yaml), for contacts and orders sources. A table of its own (a few
-- dozen rows), so that identity/key_values.sql joins records to it by source and reads only
-- those fields, knowing how small it is (10M records: 20.6 -> 14.5-16.5 s against trying every
-- key's field on every record).
CREATE OR REPLACE TEMP TABLE key_inputs AS
SELECT f.source, k.key, k.field, k.priority, k.normaliser, k.link
FROM config.keys AS k
JOIN config.source_fields AS f ON f.field = k.field
JOIN config.sources AS s ON s.source = f.source AND s.kind IN ('contacts', 'orders');
