SELECT location, rows FROM export.deliveries WHERE day = $day ORDER BY destination, segment;
