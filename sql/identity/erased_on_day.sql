SELECT coalesce(max(erased_records), 0) FROM identity.steps WHERE day = $day::DATE;
