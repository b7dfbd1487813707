-- Candidates of a grouped attribute survive only from their group's chosen record.
DELETE FROM attribute_candidates AS c
WHERE c.attribute IN (SELECT attribute FROM config.attribute_groups)
  AND NOT EXISTS (
      SELECT 1
      FROM group_records AS w
      JOIN config.attribute_groups AS g ON g.group_name = w.group_name
      WHERE g.attribute = c.attribute AND w.profile_no = c.profile_no
        AND w.record_no = c.record_no
  );
