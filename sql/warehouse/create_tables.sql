-- Every table the pipeline writes. Idempotent: run at the start of each step.
CREATE SCHEMA IF NOT EXISTS config;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS ops;
CREATE SCHEMA IF NOT EXISTS identity;
CREATE SCHEMA IF NOT EXISTS profile;
CREATE SCHEMA IF NOT EXISTS segment;
CREATE SCHEMA IF NOT EXISTS export;
CREATE SCHEMA IF NOT EXISTS cdh;

-- One row per loaded line of every delivered file; fields holds canonical field -> value
-- (typed columns already checked and written in canonical text: ISO dates, plain decimals).
CREATE TABLE IF NOT EXISTS raw.records (
    source      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    file_name   VARCHAR NOT NULL,
    line_no     INTEGER NOT NULL,
    record_id   VARCHAR NOT NULL,
    segment     VARCHAR,
    fields      MAP(VARCHAR, VARCHAR) NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL
);

-- Every attempt to load a distinct file content: what it was, what became of it.
CREATE TABLE IF NOT EXISTS ops.file_manifest (
    source      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    file_name   VARCHAR NOT NULL,
    size        BIGINT NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows        BIGINT,
    quarantined BIGINT,
    status      VARCHAR NOT NULL,   -- loaded | failed | superseded
    error       VARCHAR,
    encoding    VARCHAR,
    archived_as VARCHAR,
    loaded_at   TIMESTAMPTZ NOT NULL,
    listed_mtime DOUBLE                -- the landing zone's mtime when fetched (epoch seconds)
);
ALTER TABLE ops.file_manifest ADD COLUMN IF NOT EXISTS listed_mtime DOUBLE;  -- warehouses from before

-- Rows that could not be loaded, with where they were and why.
CREATE TABLE IF NOT EXISTS ops.quarantine (
    source      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    file_name   VARCHAR NOT NULL,
    line_no     INTEGER NOT NULL,
    reason      VARCHAR NOT NULL,
    raw_line    VARCHAR,
    loaded_at   TIMESTAMPTZ NOT NULL
);

-- Phone numbers parsed by libphonenumber, once per distinct raw value and region.
CREATE TABLE IF NOT EXISTS identity.phone_numbers (
    raw     VARCHAR NOT NULL,
    region  VARCHAR NOT NULL,
    e164    VARCHAR,
    PRIMARY KEY (raw, region)
);

CREATE TABLE IF NOT EXISTS identity.record_profiles_daily (
    day         DATE NOT NULL,
    source      VARCHAR NOT NULL,
    record_id   VARCHAR NOT NULL,
    profile_id  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS identity.profile_identifiers_daily (
    day         DATE NOT NULL,
    profile_id  VARCHAR NOT NULL,
    key         VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    records     BIGINT NOT NULL
);

-- Key values that were not used: invalid, blocklisted, or over a cap (super-node / conflict).
CREATE TABLE IF NOT EXISTS identity.skipped_values_daily (
    day     DATE NOT NULL,
    source  VARCHAR NOT NULL,
    key     VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    value   VARCHAR,
    records BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS identity.profile_merges_daily (
    day              DATE NOT NULL,
    from_profile_id  VARCHAR NOT NULL,
    into_profile_id  VARCHAR NOT NULL,
    records          BIGINT NOT NULL
);

-- Surviving value of every attribute of every profile, with its provenance.
CREATE TABLE IF NOT EXISTS profile.attribute_values_daily (
    day         DATE NOT NULL,
    profile_id  VARCHAR NOT NULL,
    attribute   VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    record_id   VARCHAR,
    candidates  BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS profile.unmapped_codes_daily (
    day         DATE NOT NULL,
    attribute   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    records     BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS segment.members_daily (
    day           DATE NOT NULL,
    segment_group VARCHAR NOT NULL,   -- lifecycle | member_status | feed
    segment       VARCHAR NOT NULL,
    profile_id    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS segment.feed_matches_daily (
    day        DATE NOT NULL,
    source     VARCHAR NOT NULL,
    segment    VARCHAR NOT NULL,
    feed_rows  BIGINT NOT NULL,
    matched    BIGINT NOT NULL,
    profiles   BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS export.deliveries (
    day          DATE NOT NULL,
    destination  VARCHAR NOT NULL,
    segment      VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    location     VARCHAR NOT NULL,
    rows         BIGINT NOT NULL,
    dropped      BIGINT NOT NULL,
    sha256       VARCHAR NOT NULL,
    delivered_at TIMESTAMPTZ NOT NULL
);

-- Normalised key values of each day's delivered records (staged-records quality checks).
CREATE SCHEMA IF NOT EXISTS quality;
CREATE TABLE IF NOT EXISTS quality.staged_keys (
    day        DATE NOT NULL,
    source     VARCHAR NOT NULL,
    record_id  VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,
    normaliser VARCHAR NOT NULL,
    raw        VARCHAR,
    value      VARCHAR,
    problem    VARCHAR           -- NULL (usable) | invalid | blocklisted
);
