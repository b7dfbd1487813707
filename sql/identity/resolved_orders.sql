-- Orders attach to the profile reached by their strongest key whose value links among contacts;
-- they never join two profiles. Orders that reach no profile stay unattached (counted).
INSERT INTO new_map (source, kind, record_no, profile_no, first_seen_day)
WITH contact_profiles AS (
    SELECT record_no, profile_no FROM new_map WHERE kind = 'contacts'
    UNION ALL
    -- an incremental step's contacts records it did not recompute (a full step recomputes every
    -- one: the mark join against every node found nothing, at 10M records in 1.5 s)
    SELECT h.record_no, h.profile_no
    FROM identity.record_profiles_history AS h
    WHERE NOT $full AND h.valid_to IS NULL AND h.kind = 'contacts'
      AND h.record_no NOT IN (SELECT node FROM nodes)
      AND h.record_no NOT IN (SELECT record_no FROM erased)
)
-- stat_carriers holds every current linking row of the orders in scope and of the contacts
-- records carrying their values (identity/carriers.sql for the scope's values; in a full step, every row).
SELECT any_value(o.source), 'orders', o.record_no, arg_min(r.profile_no, o.priority), NULL::DATE
FROM stat_carriers AS o
JOIN order_scope AS os ON os.record_no = o.record_no
LEFT JOIN value_stats AS s ON s.key = o.key AND s.value = o.value  -- a full step's has no single-record values
JOIN stat_carriers AS c ON c.kind = 'contacts' AND c.key = o.key AND c.value = o.value
JOIN contact_profiles AS r ON r.record_no = c.record_no
WHERE o.kind = 'orders' AND s.skip_reason IS NULL
GROUP BY o.record_no;
