-- The user's declarations (config/*.yaml) as tables, rewritten at the start of every step, so
-- that the rules in sql/ read config as data instead of having it pasted into their text.
CREATE OR REPLACE TABLE config.sources (
    source VARCHAR, kind VARCHAR, updated_at_field VARCHAR, position INTEGER);
CREATE OR REPLACE TABLE config.source_fields (source VARCHAR, field VARCHAR);
CREATE OR REPLACE TABLE config.keys (
    key VARCHAR, priority INTEGER, field VARCHAR, normaliser VARCHAR, link BOOLEAN, cap_records BIGINT);
CREATE OR REPLACE TABLE config.key_blocklist (key VARCHAR, kind VARCHAR, value VARCHAR);
CREATE OR REPLACE TABLE config.key_caps (key VARCHAR, other_key VARCHAR, max_distinct BIGINT);
CREATE OR REPLACE TABLE config.attributes (
    attribute VARCHAR, position INTEGER, rule VARCHAR, field VARCHAR, key VARCHAR, type VARCHAR,
    value_map VARCHAR);
CREATE OR REPLACE TABLE config.attribute_sources (attribute VARCHAR, source VARCHAR, priority INTEGER);
CREATE OR REPLACE TABLE config.attribute_groups (attribute VARCHAR, group_name VARCHAR, rule VARCHAR);
CREATE OR REPLACE TABLE config.group_sources (group_name VARCHAR, source VARCHAR, priority INTEGER);
CREATE OR REPLACE TABLE config.value_maps (value_map VARCHAR, source VARCHAR, code VARCHAR, label VARCHAR);
CREATE OR REPLACE TABLE config.lifecycle (
    segment VARCHAR, priority INTEGER, min_paid_orders BIGINT, min_revenue DOUBLE,
    max_days_since_order INTEGER, active_within_days INTEGER);
CREATE OR REPLACE TABLE config.lifecycle_contactable (segment VARCHAR, attribute VARCHAR);
CREATE OR REPLACE TABLE config.lifecycle_in_segments (segment VARCHAR, in_segment VARCHAR);
CREATE OR REPLACE TABLE config.paid_statuses (status VARCHAR);
CREATE OR REPLACE TABLE config.refund_statuses (status VARCHAR);
CREATE OR REPLACE TABLE config.triggers (trigger_name VARCHAR, to_segment VARCHAR);
CREATE OR REPLACE TABLE config.trigger_from (trigger_name VARCHAR, from_segment VARCHAR);
CREATE OR REPLACE TABLE config.feeds (source VARCHAR, field VARCHAR, key VARCHAR);
CREATE OR REPLACE TABLE config.settings (
    default_region VARCHAR, order_window_days INTEGER, bound_attribute VARCHAR,
    bound_segment VARCHAR, unbound_segment VARCHAR, tags_field VARCHAR, tags_separator VARCHAR,
    engagement_attribute VARCHAR);
