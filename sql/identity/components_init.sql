CREATE OR REPLACE TEMP TABLE labels AS SELECT node, node AS label FROM nodes;
