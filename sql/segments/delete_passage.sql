DELETE FROM segment.passage_daily WHERE day = $day;
