-- How many profiles the step recomputed: those of the records it read (profile/profile_records.sql;
-- each has one newest record), every profile in a full step.
SELECT count(*) FROM profile_records WHERE recency = 1;
