SELECT from_segment, to_segment, profiles FROM cdh.segment_passage WHERE day = $day;
