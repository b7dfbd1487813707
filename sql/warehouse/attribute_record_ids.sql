-- Whether the stored attribute values still name their record by id (a warehouse from before
-- record numbers: warehouse/attribute_record_numbers.sql converts them).
SELECT count(*) > 0 FROM information_schema.columns
WHERE table_schema = 'profile' AND table_name = 'attribute_values_history' AND column_name = 'record_id';
