-- Whether any linking value's records still have different labels (identity/components_values.sql).
SELECT coalesce(bool_or(split), false) FROM value_labels;
