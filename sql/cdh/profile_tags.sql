-- cdh.profile_tags (1:N): each tag of each profile with its source and time, as of day d (the
-- macro) and as of the latest processed day (the view).
CREATE OR REPLACE MACRO cdh.profile_tags_asof(d) AS TABLE
SELECT DISTINCT rp.profile_id, r.source, trim(t.tag) AS tag, r.record_ts AS tagged_at
FROM identity.records_asof(d) AS r
JOIN identity.mapping_asof(d) AS rp ON rp.source = r.source AND rp.record_id = r.record_id
CROSS JOIN config.settings AS s
CROSS JOIN unnest(string_split(r.fields[s.tags_field], s.tags_separator)) AS t(tag)
WHERE r.kind = 'contacts' AND trim(t.tag) <> '';

CREATE OR REPLACE VIEW cdh.profile_tags AS
SELECT * FROM cdh.profile_tags_asof((SELECT coalesce(max(day), DATE '9999-12-31') FROM identity.steps));
