-- Changes whenever a suppression is added or removed (a new erasure makes the next step full).
SELECT count(*), coalesce(md5(string_agg(key || ':' || value_sha256, ',' ORDER BY key, value_sha256)), '')
FROM identity.suppressions;
