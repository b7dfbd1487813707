SELECT max(day) FROM segment.steps WHERE day < $day;
