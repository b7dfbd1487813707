-- What the destination's delta files of the day will have sent, kept until they are delivered.
CREATE OR REPLACE TEMP TABLE pending_sent (segment VARCHAR, row_key VARCHAR, row_values VARCHAR);
