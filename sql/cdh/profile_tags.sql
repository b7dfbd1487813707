-- cdh.profile_tags (1:N): each tag of each profile with its source and time. The macro reads a
-- table of records as identity.records_asof(d) gives them (by name, like cdh.order_lines); the
-- view is the latest processed day.
CREATE OR REPLACE MACRO cdh.tags_of(records, d) AS TABLE
SELECT DISTINCT rp.profile_id, r.source, trim(t.tag) AS tag, r.record_ts AS tagged_at
FROM query_table(records) AS r
JOIN identity.mapping_asof(d) AS rp ON rp.record_no = r.record_no
CROSS JOIN config.settings AS s
CROSS JOIN unnest(string_split(r.fields[s.tags_field], s.tags_separator)) AS t(tag)
WHERE r.kind = 'contacts' AND trim(t.tag) <> '';

CREATE OR REPLACE VIEW cdh.profile_tags AS
SELECT * FROM cdh.tags_of('identity.records_latest', (SELECT max(day) FROM identity.steps));
