-- An identity step reads the records delivered since the previous step (all, for a full step).
CREATE OR REPLACE TEMP TABLE wanted AS SELECT record_no FROM delivered;
