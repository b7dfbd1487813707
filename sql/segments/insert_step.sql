INSERT OR REPLACE INTO segment.steps (day, previous_day, finished_at) VALUES ($day, $previous_day::DATE, now());
