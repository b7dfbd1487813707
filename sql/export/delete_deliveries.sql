DELETE FROM export.deliveries WHERE day = $day AND destination = $destination;
