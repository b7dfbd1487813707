SELECT min(day) FROM segment.steps WHERE day > $day;
