-- The step this one builds on, and the identity config it ran with.
SELECT day, config_fingerprint FROM identity.steps WHERE day < $day ORDER BY day DESC LIMIT 1;
