-- Orders attach to the profile reached by their strongest key whose value links among contacts;
-- they never join two profiles. Orders that reach no profile stay unattached (counted).
INSERT INTO resolved
SELECT o.source, o.record_id, arg_min(r.profile_id, o.priority) AS profile_id
FROM key_values AS o
JOIN value_stats AS s ON s.key = o.key AND s.value = o.value AND s.skip_reason IS NULL
JOIN key_values AS c
  ON c.key = o.key AND c.value = o.value AND c.kind = 'contacts' AND c.problem IS NULL
JOIN resolved AS r ON r.source = c.source AND r.record_id = c.record_id
WHERE o.kind = 'orders' AND o.problem IS NULL AND o.link
GROUP BY o.source, o.record_id;
