SELECT count(*) FROM labels AS l JOIN labels_next AS n USING (node) WHERE l.label <> n.label;
