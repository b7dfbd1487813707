-- GX UnexpectedRowsExpectation: values of {column} that do not have the key's format (RE2, anchored
-- by regexp_full_match). GX fills {{batch}}; braces in the pattern arrive doubled.
SELECT {column} FROM {{batch}} WHERE {column} IS NOT NULL AND NOT regexp_full_match({column}, {pattern})
