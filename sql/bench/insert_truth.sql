INSERT OR REPLACE INTO bench.truth (source, record_id, person)
SELECT source, record_id, person FROM bench_new;
