-- The round's labels (identity/components_step.sql) replace the old ones; `moved`: the nodes whose
-- label dropped in it (identity/components_values_moved.sql).
CREATE OR REPLACE TEMP TABLE labels AS SELECT node, label FROM labels_next;
CREATE OR REPLACE TEMP TABLE moved AS SELECT node FROM labels_next WHERE label < before;
