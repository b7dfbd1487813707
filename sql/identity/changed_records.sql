-- An identity step reads the records delivered since the previous step (all, for a full step).
CREATE OR REPLACE TEMP TABLE wanted AS SELECT source, record_id FROM delivered;
