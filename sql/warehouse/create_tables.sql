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
-- A record's versions are its rows in delivery order (day, file name, line). For contacts and
-- orders sources, first_day and next_day place each version among them (ingest/record_versions.sql):
-- a step finds every record's version as of a day with a filter, not an aggregate over every row.
CREATE TABLE IF NOT EXISTS raw.records (
    source      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    file_name   VARCHAR NOT NULL,
    line_no     INTEGER NOT NULL,
    record_id   VARCHAR NOT NULL,
    segment     VARCHAR,
    fields      MAP(VARCHAR, VARCHAR) NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL,
    first_day   DATE,   -- the day of the record's first version; NULL: this row's day
    next_day    DATE,   -- the day of the record's next version; NULL: none, the newest
    record_no   BIGINT  -- contacts and orders rows: the record's number (raw.record_numbers)
);
-- warehouses from before the version columns and record numbers (assets/warehouse_setup.py
-- index_record_versions fills them)
ALTER TABLE raw.records ADD COLUMN IF NOT EXISTS first_day DATE;
ALTER TABLE raw.records ADD COLUMN IF NOT EXISTS next_day DATE;
ALTER TABLE raw.records ADD COLUMN IF NOT EXISTS record_no BIGINT;

-- Every contacts and orders record by number: assigned when a load first delivers it (in record id
-- order after the largest so far: ingest/number_records.sql), never reused, and the same for
-- all its versions. The steps join and store records by it instead of (source, record_id) text:
-- at 10M records (one run each) the identity step took 40.0-40.9 s against 48.8 s, the profile
-- step 27.2-27.9 s against 37.2 s. A number only names a record: no result is ordered or broken
-- by it, so load order, which decides it, decides nothing else.
CREATE TABLE IF NOT EXISTS raw.record_numbers (
    source      VARCHAR NOT NULL,
    record_id   VARCHAR NOT NULL,
    record_no   BIGINT NOT NULL
);

-- The contacts and orders sources whose rows' version columns are maintained (by every load since,
-- and once for the rows loaded before: assets/warehouse_setup.py index_record_versions).
CREATE TABLE IF NOT EXISTS raw.versioned_sources (
    source      VARCHAR PRIMARY KEY,
    indexed_at  TIMESTAMPTZ NOT NULL,
    numbered    BOOLEAN   -- its records have numbers (raw.record_numbers); NULL: not yet
);
ALTER TABLE raw.versioned_sources ADD COLUMN IF NOT EXISTS numbered BOOLEAN;

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

-- What the row-hash macros gave for fixed texts when the stored *_hash columns were computed
-- (warehouse/row_hash_canary.sql): a DuckDB whose hash() differs recomputes them.
CREATE TABLE IF NOT EXISTS ops.row_hash_canary (
    canary  UBIGINT NOT NULL
);

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

-- Identity state kept as intervals: a row holds from valid_from (the step that wrote it) until
-- valid_to (the step that replaced it; NULL = still current). The state of any processed day is
-- the rows valid on it (views identity.record_profiles_daily, identity.profile_identifiers_daily).
-- A row names its record by number (record_no: raw.record_numbers; the views read its id back):
-- the steps find and join a record's rows by that one integer, and the rows are narrower. value_hash is identity.value_hash (in
-- sql/warehouse/create_macros.sql) of the row's key and value: an incremental step finds a value's
-- few rows among all stored ones by one integer (then checks the text): at 10M records those
-- lookups take a third to a half less time (see sql/identity/carriers.sql).
-- A profile is stored by its number (profile_no: the 64 bits its id 'p_' + 16 hex digits spells;
-- identity.profile_text): the views and cdh.* show the id. At 10M records a first profile step
-- (38M values grouped, joined and written by profile) took 33.6 s against 39.8 s by the text.
-- Usable (valid, unblocked, not erased) normalised key values of every contacts and orders record.
-- `value` is stored uncompressed: the values are phones, hashes, uids and ids, nearly all distinct,
-- which DuckDB's automatic string compression (dictionary + FSST) only halves while tripling the
-- write. 28.8M current rows of 10M records: written in 4.1 s against 5.8 s, read back (a count of
-- distinct values) in 2.7 s against 3.1 s; 887 MB against 564 MB on disk. A warehouse created
-- before keeps its automatic compression (DuckDB cannot alter a column's compression).
CREATE TABLE IF NOT EXISTS identity.record_keys_history (
    source       VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    key          VARCHAR NOT NULL,
    priority     INTEGER NOT NULL,
    link         BOOLEAN NOT NULL,
    value        VARCHAR NOT NULL USING COMPRESSION uncompressed,
    valid_from   DATE NOT NULL,
    valid_to     DATE,
    record_no    BIGINT NOT NULL,     -- the record's number (raw.record_numbers)
    value_hash   UINTEGER NOT NULL    -- identity.value_hash(key, value)
);

-- The profile of every contacts record and of every order that reaches one.
CREATE TABLE IF NOT EXISTS identity.record_profiles_history (
    source          VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    profile_no      UBIGINT NOT NULL,    -- the profile id as a number (identity.profile_text)
    first_seen_day  DATE,
    valid_from      DATE NOT NULL,
    valid_to        DATE,
    record_no       BIGINT NOT NULL      -- the record's number (raw.record_numbers)
);

-- One row per identity step: the day, the step it built on, full or incremental, and its cost.
CREATE TABLE IF NOT EXISTS identity.steps (
    day                 DATE PRIMARY KEY,
    previous_day        DATE,
    mode                VARCHAR NOT NULL,    -- full | incremental
    config_fingerprint  VARCHAR NOT NULL,
    changed_records     BIGINT NOT NULL,
    affected_records    BIGINT NOT NULL,
    erased_records      BIGINT NOT NULL,
    seconds             DOUBLE NOT NULL,
    finished_at         TIMESTAMPTZ NOT NULL
);

-- What a full rebuild changed compared with the state it replaced (merges and splits).
CREATE TABLE IF NOT EXISTS identity.rebuild_changes (
    rebuilt_at        TIMESTAMPTZ NOT NULL,
    day               DATE NOT NULL,
    change            VARCHAR NOT NULL,   -- merge: profile_id went into other_profile_id
    profile_id        VARCHAR NOT NULL,   -- split: profile_id split off other_profile_id
    other_profile_id  VARCHAR NOT NULL,
    records           BIGINT NOT NULL
);

-- Erasure: key values whose records are kept out of profiles, side tables and exports; stored
-- only as sha256(key || ':' || normalised value).
CREATE TABLE IF NOT EXISTS identity.suppressions (
    key           VARCHAR NOT NULL,
    value_sha256  VARCHAR NOT NULL,
    reason        VARCHAR,
    added_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (key, value_sha256)
);

-- Key values that were not used, per day: invalid or blocklisted values of the records delivered
-- since the previous step, and every value over a cap (super-node / conflict) on that day.
CREATE TABLE IF NOT EXISTS identity.skipped_values_daily (
    day     DATE NOT NULL,
    source  VARCHAR NOT NULL,
    key     VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    value   VARCHAR,
    records BIGINT NOT NULL
);

-- The cluster-size histogram of each step's profiles: how many profiles hold `size` contacts
-- records, joining records of 2+ sources or not. An incremental step derives it from the previous
-- step's and the profiles it recomputed (identity/cluster_sizes_step.sql), without counting every
-- profile's records again.
CREATE TABLE IF NOT EXISTS identity.cluster_sizes_daily (
    day           DATE NOT NULL,
    size          BIGINT NOT NULL,
    cross_source  BOOLEAN NOT NULL,
    profiles      BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS identity.profile_merges_daily (
    day              DATE NOT NULL,
    from_profile_id  VARCHAR NOT NULL,
    into_profile_id  VARCHAR NOT NULL,
    records          BIGINT NOT NULL
);

-- A profile that lost records to a new profile: the new id records where its records came from.
CREATE TABLE IF NOT EXISTS identity.profile_splits_daily (
    day              DATE NOT NULL,
    profile_id       VARCHAR NOT NULL,
    from_profile_id  VARCHAR NOT NULL,
    records          BIGINT NOT NULL
);

-- Surviving value of every attribute of every profile, with its provenance, as intervals (like
-- the identity state): profile.attribute_values_daily is the view of it per processed day.
CREATE TABLE IF NOT EXISTS profile.attribute_values_history (
    profile_no    UBIGINT NOT NULL,    -- the profile id as a number (identity.profile_text)
    attribute     VARCHAR NOT NULL,
    value         VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    record_no     BIGINT,              -- the record (raw.record_numbers); NULL: merged from several
    candidates    BIGINT NOT NULL,
    valid_from    DATE NOT NULL,
    valid_to      DATE
);

-- One row per profile step: the day, the step it built on, full or incremental, and its cost.
CREATE TABLE IF NOT EXISTS profile.steps (
    day                   DATE PRIMARY KEY,
    previous_day          DATE,
    mode                  VARCHAR NOT NULL,
    config_fingerprint    VARCHAR NOT NULL,
    recomputed_profiles   BIGINT NOT NULL,
    seconds               DOUBLE NOT NULL,
    finished_at           TIMESTAMPTZ NOT NULL
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
    segment_group VARCHAR NOT NULL,   -- lifecycle | member_status | feed | custom | trigger
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

-- The days segments were computed for (the previous one is what a passage compares with).
CREATE TABLE IF NOT EXISTS segment.steps (
    day          DATE PRIMARY KEY,
    previous_day DATE,
    finished_at  TIMESTAMPTZ NOT NULL
);

-- Lifecycle passage: profiles that were in from_segment on previous_day and are in to_segment on
-- day; from_segment NULL = not there before (new), to_segment NULL = gone (merged away, erased).
CREATE TABLE IF NOT EXISTS segment.passage_daily (
    day          DATE NOT NULL,
    previous_day DATE,
    from_segment VARCHAR,
    to_segment   VARCHAR,
    profiles     BIGINT NOT NULL
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
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS kind VARCHAR;          -- segment | backstamp ('' segment)
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS mode VARCHAR;          -- full | delta
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS profiles BIGINT;       -- profiles in today's full list
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS since_day DATE;        -- delta: the last delivery compared with
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS joined BIGINT;
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS left_rows BIGINT;
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS suppressed BIGINT;     -- rows held back: an erased value
ALTER TABLE export.deliveries ADD COLUMN IF NOT EXISTS ambiguous BIGINT;      -- ids held by several profiles

-- What each delivery sent, row by row (identity columns as JSON), so that a delta export compares
-- with the last *delivered* file; kept for keep_sent_days days per destination.
CREATE TABLE IF NOT EXISTS export.sent_rows (
    day          DATE NOT NULL,
    destination  VARCHAR NOT NULL,
    segment      VARCHAR NOT NULL,    -- the segment, or '' for the backstamp file
    row_key      VARCHAR NOT NULL,
    row_values   VARCHAR NOT NULL
);

-- Key values that could not be used, as each identity step found them (`day`: the step's day): a
-- full step's, of every record; an incremental step's, of the records delivered since the
-- previous step. The usable values are identity.record_keys_history's; quality.delivered_keys(d)
-- joins both for the staged-records checks and identity.profile_explain for `cdh explain`.
CREATE SCHEMA IF NOT EXISTS quality;
CREATE TABLE IF NOT EXISTS quality.key_problems (
    day        DATE NOT NULL,
    source     VARCHAR NOT NULL,
    record_id  VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,
    normaliser VARCHAR NOT NULL,
    raw        VARCHAR NOT NULL,  -- as delivered
    value      VARCHAR,           -- normalised, when it could be
    problem    VARCHAR NOT NULL   -- invalid | blocklisted
);
