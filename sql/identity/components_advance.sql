-- The round's labels (identity/components_step.sql) replace the old ones; labels_next keeps each
-- node's label from before the round for identity/components_values_moved.sql.
CREATE OR REPLACE TEMP TABLE labels AS SELECT node, label FROM labels_next;
