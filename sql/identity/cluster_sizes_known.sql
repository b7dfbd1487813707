-- Whether the step before has a cluster-size histogram to build on (identity/cluster_sizes_step.sql).
SELECT count(*) > 0 FROM identity.cluster_sizes_daily WHERE day = $prev::DATE;
