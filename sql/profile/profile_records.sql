-- Each record a profile step reads, with its profile as of $day: `members`, how many of the records
-- read (all of each recomputed profile's, profile/member_records.sql) the profile holds, and
-- `recency`, its rank among them (newest record first, then source order, then record id): the
-- tie-break of every survivorship rule. A table of its own: the candidates read it, and so do the
-- survivors of the attributes taken from the records' own timestamps (profile/attribute_inputs.sql).
CREATE OR REPLACE TEMP TABLE profile_records AS
SELECT m.source, r.record_no, m.profile_no, r.record_ts,
       count(*) OVER (PARTITION BY m.profile_no) AS members,
       row_number() OVER (PARTITION BY m.profile_no
                          ORDER BY r.record_ts DESC NULLS LAST, cs.position, r.record_id) AS recency
FROM (
    -- an incremental step's members (profile/member_records.sql); a full step's: every record
    SELECT source, record_no, profile_no FROM wanted WHERE NOT $full
    UNION ALL
    SELECT source, record_no, profile_no FROM identity.mapping_asof($day::DATE) WHERE $full
) AS m
JOIN records_asof AS r ON r.record_no = m.record_no AND r.kind = 'contacts'
JOIN config.sources AS cs ON cs.source = m.source;
