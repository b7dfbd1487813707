-- Profiles written, profiles left out, of them for an erased value, and ambiguous ids skipped.
SELECT count(*) FILTER (WHERE left_out IS NULL),
       count(*) FILTER (WHERE left_out IS NOT NULL),
       count(*) FILTER (WHERE left_out = 'suppressed'),
       coalesce(sum(ambiguous), 0)
FROM file_profiles;
