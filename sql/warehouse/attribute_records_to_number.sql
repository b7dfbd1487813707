-- A warehouse from before record numbers: the records its stored attribute values name, for
-- numbering (ingest/number_records.sql) before warehouse/attribute_record_numbers.sql gives the
-- values their numbers. A record no longer delivered is numbered too, so that no value loses its
-- provenance.
CREATE OR REPLACE TEMP TABLE to_number AS
SELECT source, record_id FROM profile.attribute_values_history WHERE record_id IS NOT NULL;
