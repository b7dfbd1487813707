-- The values of the keys feeds match on, with the profile holding each on $day.
CREATE OR REPLACE TEMP TABLE feed_identifiers AS
SELECT i.key, i.value, i.profile_id
FROM identity.profile_identifiers_daily AS i
WHERE i.day = $day AND i.key IN (SELECT key FROM config.feeds);
