DELETE FROM segment.members_daily WHERE day = $day AND segment_group = 'trigger';
