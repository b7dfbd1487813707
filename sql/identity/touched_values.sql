-- Linking values whose set of carriers changed in this step.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT key, value FROM key_diff WHERE link;
