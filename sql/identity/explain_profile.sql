-- `cdh explain`: a profile's records and key values with their roles (identity.profile_explain).
SELECT source, record_id, delivered_on, key, value, role
FROM identity.profile_explain($profile_id, $day);
