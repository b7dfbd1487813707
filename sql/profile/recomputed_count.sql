SELECT count(*) FROM recompute;
