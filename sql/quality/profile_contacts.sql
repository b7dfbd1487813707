-- GX batch: the profiles of the day with their key attributes (see create_profile_contacts.sql).
SELECT * FROM quality.profile_contacts
