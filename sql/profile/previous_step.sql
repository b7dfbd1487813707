-- The profile step this one builds on, the config it ran with, and how identity built this day.
SELECT (SELECT day FROM profile.steps WHERE day < $day ORDER BY day DESC LIMIT 1),
       (SELECT config_fingerprint FROM profile.steps WHERE day < $day ORDER BY day DESC LIMIT 1),
       (SELECT mode FROM identity.steps WHERE day = $day);
