-- Pairwise precision and recall of a clustering (temp table clusters: source, record_id, cluster)
-- against the hidden truth, over contacts records: pairs in one cluster and of one person.
WITH joined AS (
    SELECT c.cluster, t.person FROM clusters AS c JOIN bench.truth AS t USING (source, record_id)
),
same_both AS (SELECT count(*) AS n FROM joined GROUP BY cluster, person),
same_cluster AS (SELECT count(*) AS n FROM joined GROUP BY cluster),
same_person AS (SELECT count(*) AS n FROM joined GROUP BY person)
SELECT (SELECT sum(n * (n - 1) / 2) FROM same_both) AS true_positive_pairs,
       (SELECT sum(n * (n - 1) / 2) FROM same_cluster) AS predicted_pairs,
       (SELECT sum(n * (n - 1) / 2) FROM same_person) AS true_pairs,
       (SELECT count(*) FROM same_cluster) AS clusters,
       (SELECT count(*) FROM same_person) AS persons,
       (SELECT max(n) FROM same_cluster) AS largest_cluster;
