"""Incremental identity steps equal a full rebuild; a rule change or `rebuild` recomputes and
records splits; erasure drops records everywhere and keeps them out of later loads. Real DuckDB,
real ingest, hand-built deliveries."""

import random
import re

import duckdb
import pytest
import yaml

import assets.identity as identity_assets
from assets.identity import build_identity_days, rebuild
from assets.profile import build_profile_days
from assets.warehouse_setup import prepare_warehouse
from pipelines.explain import explain_profile
from pipelines.identity_admin import ErasureError, add_suppressions
from resources import warehouse
from resources.project_config import load_config
from tests.deliveries import D1, D2, DAYS, Graph, loaded, phone, random_deliveries, uid

STATE_QUERIES = {
    "mapping": "SELECT day, source, record_id, profile_id FROM identity.record_profiles_daily "
    "JOIN raw.record_numbers USING (source, record_no)",
    "identifiers": "SELECT * FROM identity.profile_identifiers_daily",
    "capped": "SELECT * FROM identity.skipped_values_daily WHERE reason NOT IN ('invalid', 'blocklisted')",
    "audit": "SELECT * FROM identity.skipped_values_daily",
    "cluster sizes": "SELECT * FROM identity.cluster_sizes_daily",
}


# every profile's surviving values per day, their records by id: a record's number is the name one
# warehouse gave it (in the order it loaded records), so two warehouses compare by the id
VALUES = (
    "SELECT v.* EXCLUDE (record_no), n.record_id FROM profile.attribute_values_daily AS v "
    "LEFT JOIN raw.record_numbers AS n USING (record_no) ORDER BY ALL"
)


def state(graph: Graph) -> dict[str, list]:
    return {name: sorted(graph.project.sql(q)) for name, q in STATE_QUERIES.items()}


def built_day_by_day_and_in_full(tmp_path, monkeypatch, deliveries) -> tuple[Graph, Graph]:
    """The deliveries in two projects: identity and profiles built one incremental step a day in the
    first, and recomputed from scratch for every day in the second."""
    incremental, full = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("inc", "full"))
    with duckdb.connect(str(incremental.project.settings.warehouse)) as con:
        for day in DAYS:
            build_identity_days(con, incremental.cfg, [day])
            build_profile_days(con, incremental.cfg, [day])
    with duckdb.connect(str(full.project.settings.warehouse)) as con:
        build_identity_days(con, full.cfg, DAYS, full=True)
        build_profile_days(con, full.cfg, DAYS)
    return incremental, full


def assert_same_as_full_build(built: Graph, full: Graph) -> None:
    """`built`'s identity and profile state is that of `full` (the same deliveries) built from
    scratch for every day."""
    with duckdb.connect(str(full.project.settings.warehouse)) as con:
        build_identity_days(con, full.cfg, DAYS, full=True)
        build_profile_days(con, full.cfg, DAYS)
    assert state(built) == state(full)
    assert built.project.sql(VALUES) == full.project.sql(VALUES)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_days_equal_full_rebuilds(tmp_path, monkeypatch, seed):
    deliveries = random_deliveries(seed)
    incremental, full = built_day_by_day_and_in_full(tmp_path, monkeypatch, deliveries)
    got, want = state(incremental), state(full)
    for name in STATE_QUERIES:
        assert got[name] == want[name], name
    # the profile attributes too: each day's survivors, and one value per profile and attribute
    for q in (VALUES, "SELECT * FROM profile.unmapped_codes_daily ORDER BY ALL"):
        assert incremental.project.sql(q) == full.project.sql(q), q
    profile_modes = incremental.project.sql("SELECT mode FROM profile.steps ORDER BY day")
    assert [m for (m,) in profile_modes] == ["full"] + ["incremental"] * (len(DAYS) - 1)
    dup = (
        "SELECT count(*) FROM (SELECT day, profile_id, attribute FROM profile.attribute_values_daily "
        "GROUP BY ALL HAVING count(*) > 1)"
    )
    assert incremental.project.sql(dup) == [(0,)]
    reasons = {row[3] for row in want["capped"]}
    assert reasons == {"over_records_cap", "conflicting_customer_id"}  # both guards were exercised
    modes = incremental.project.sql("SELECT mode, affected_records FROM identity.steps ORDER BY day")
    assert [m for m, _ in modes] == ["full"] + ["incremental"] * (len(DAYS) - 1)
    total = incremental.project.sql("SELECT count(*) FROM identity.record_profiles_history")[0][0]
    assert min(n for _, n in modes[1:]) < total  # some day recomputed only part of the graph
    # merges and splits happened and were recorded the same way
    for table in ("profile_merges_daily", "profile_splits_daily"):
        q = f"SELECT * FROM identity.{table} ORDER BY ALL"
        assert incremental.project.sql(q) == full.project.sql(q)
    assert incremental.project.sql("SELECT count(*) FROM identity.profile_merges_daily")[0][0] > 0
    # the staged-keys checks' batch and `cdh explain` read the same values: usable ones from the
    # key history, unusable ones as the step that last checked the record found them
    problems = set()
    for day in DAYS:
        q = "SELECT * FROM quality.delivered_keys(?::DATE) ORDER BY ALL"
        keys = incremental.project.sql(q, [day])
        assert keys == full.project.sql(q, [day]), day
        problems |= {row[6] for row in keys}
        assert explanations(incremental, day) == explanations(full, day), day
    assert problems == {None, "invalid", "blocklisted"}


def explanations(graph: Graph, day) -> list[tuple]:
    """identity.profile_explain of every profile on `day`."""
    with duckdb.connect(str(graph.project.settings.warehouse), read_only=True) as con:
        pids = con.execute(
            "SELECT DISTINCT profile_id FROM identity.record_profiles_daily WHERE day = ? ORDER BY 1", [day]
        ).fetchall()
        explain = "SELECT * FROM identity.profile_explain(?, ?::DATE)"
        return [(pid, con.execute(explain, [pid, day]).fetchall()) for (pid,) in pids]


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_incremental_days_equal_full_rebuilds_on_sparse_keys(tmp_path, monkeypatch, seed):
    """Few records a day over many key values: a change reaches records that nothing else the
    day delivered touches (seed 13 lifts a family phone's conflict that way)."""
    deliveries = random_deliveries(seed, sparse=True)
    incremental, full = built_day_by_day_and_in_full(tmp_path, monkeypatch, deliveries)
    assert state(incremental) == state(full)
    assert incremental.project.sql(VALUES) == full.project.sql(VALUES)
    modes = incremental.project.sql("SELECT mode, affected_records FROM identity.steps ORDER BY day")
    total = incremental.project.sql("SELECT count(*) FROM identity.record_profiles_history")[0][0]
    assert [m for m, _ in modes] == ["full"] + ["incremental"] * (len(DAYS) - 1)
    assert max(n for _, n in modes[1:]) < total  # every later day recomputed only part of the graph


ROW_HASHES = {"identity.record_keys_history": {"value_hash": "identity.value_hash(key, value)"}}


def wrong_row_hashes(con) -> int:
    """Stored rows whose *_hash columns are not what the macros give for their texts now."""
    return sum(
        con.execute(f"SELECT count(*) FROM {table} WHERE {column} IS DISTINCT FROM {expr}").fetchone()[0]
        for table, columns in ROW_HASHES.items()
        for column, expr in columns.items()
    )


@pytest.mark.parametrize("seed", [1, 13])
def test_colliding_row_hashes_change_neither_result_nor_scope(tmp_path, monkeypatch, seed):
    """The history's *_hash columns only narrow a lookup, the texts decide: with a row hash that
    collides for most texts (mod 3, injected), incremental steps give what full rebuilds with the
    real hash give, and recompute the same records as with the real hash."""
    deliveries = random_deliveries(seed, sparse=seed > 10)
    real, full = built_day_by_day_and_in_full(tmp_path, monkeypatch, deliveries)

    def colliding_macros(name, _text=warehouse.sql_text):
        text = _text(name)
        if name == "warehouse/create_macros.sql":
            text, n = re.subn(r"hash\(([a-z_, ]+)\) >> 32\)", r"hash(\1) % 3)", text)
            assert n == 1
        return text

    monkeypatch.setattr(warehouse, "sql_text", colliding_macros)
    colliding = loaded(tmp_path / "colliding", monkeypatch, deliveries)
    with duckdb.connect(str(colliding.project.settings.warehouse)) as con:
        for day in DAYS:
            build_identity_days(con, colliding.cfg, [day])
            build_profile_days(con, colliding.cfg, [day])
    hashes = "SELECT count(DISTINCT value_hash), count(DISTINCT value) FROM identity.record_keys_history"
    [(distinct_hashes, distinct_values)] = colliding.project.sql(hashes)
    assert distinct_hashes == 3 and distinct_values > 30
    assert state(colliding) == state(full)
    assert colliding.project.sql(VALUES) == full.project.sql(VALUES)
    scope = "SELECT day, mode, affected_records FROM identity.steps ORDER BY day"
    assert colliding.project.sql(scope) == real.project.sql(scope)
    scope = "SELECT day, mode, recomputed_profiles FROM profile.steps ORDER BY day"
    assert colliding.project.sql(scope) == real.project.sql(scope)


@pytest.mark.parametrize("before", ["no hash columns", "another hash()"])
def test_stored_row_hashes_are_recomputed_when_missing_or_stale(tmp_path, monkeypatch, before):
    """A warehouse from before the *_hash columns gets them filled (and NOT NULL); one whose hashes
    another DuckDB's hash() computed (its canary differs) gets them recomputed. Later incremental
    steps then equal full rebuilds."""
    deliveries = random_deliveries(2)
    old, full = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("old", "full"))
    with duckdb.connect(str(old.project.settings.warehouse)) as con:
        build_identity_days(con, old.cfg, DAYS[:1])
        build_profile_days(con, old.cfg, DAYS[:1])
        for table, columns in ROW_HASHES.items():
            for column in columns:
                if before == "no hash columns":
                    con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
                else:
                    con.execute(f"UPDATE {table} SET {column} = {column} // 2")
        con.execute(
            "DELETE FROM ops.row_hash_canary"
            if before == "no hash columns"
            else "UPDATE ops.row_hash_canary SET canary = canary // 2"
        )
        prepare_warehouse(con, old.cfg)
        assert wrong_row_hashes(con) == 0
        assert con.execute("SELECT count(*) FROM identity.record_keys_history").fetchone()[0] > 30
        nullable = (
            "SELECT count(*) FROM information_schema.columns WHERE column_name LIKE '%_hash' "
            "AND is_nullable = 'YES' AND table_schema IN ('identity', 'profile')"
        )
        assert con.execute(nullable).fetchone() == (0,)
        for day in DAYS[1:]:
            build_identity_days(con, old.cfg, [day])
            build_profile_days(con, old.cfg, [day])
    assert_same_as_full_build(old, full)


def store_text_profile_ids(con) -> None:
    """The history tables as a warehouse from before profile numbers kept them: profile_id text
    and its profile_hash, no profile_no."""
    for table in ("identity.record_profiles_history", "profile.attribute_values_history"):
        con.execute(f"ALTER TABLE {table} ADD COLUMN profile_id VARCHAR")
        con.execute(f"ALTER TABLE {table} ADD COLUMN profile_hash UINTEGER")
        con.execute(
            f"UPDATE {table} SET profile_id = identity.profile_text(profile_no), "
            "profile_hash = (hash(identity.profile_text(profile_no)) >> 32)::UINTEGER"
        )
        con.execute(f"ALTER TABLE {table} DROP COLUMN profile_no")


def test_a_warehouse_with_text_profile_ids_gets_their_numbers_and_builds_on(tmp_path, monkeypatch):
    """Before profile numbers, the history tables stored the text id (and a hash of it): they get
    the ids' numbers (NOT NULL), keep every id as it was, and later incremental steps give what
    full rebuilds give."""
    deliveries = random_deliveries(3)
    old, full = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("old", "full"))
    with duckdb.connect(str(old.project.settings.warehouse)) as con:
        build_identity_days(con, old.cfg, DAYS[:2])
        build_profile_days(con, old.cfg, DAYS[:2])
        ids = "SELECT DISTINCT profile_id FROM identity.record_profiles_daily ORDER BY 1"
        before = con.execute(ids).fetchall()
        values = "SELECT * EXCLUDE (profile_no) FROM profile.attribute_values_daily ORDER BY ALL"
        values_before = con.execute(values).fetchall()
        store_text_profile_ids(con)
        prepare_warehouse(con, old.cfg)
        assert con.execute(ids).fetchall() == before and len(before) > 10
        assert con.execute(values).fetchall() == values_before
        columns = (
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE column_name LIKE 'profile%' AND table_name LIKE '%_history' ORDER BY ALL"
        )
        assert con.execute(columns).fetchall() == [
            ("attribute_values_history", "profile_no", "UBIGINT", "NO"),
            ("record_profiles_history", "profile_no", "UBIGINT", "NO"),
        ]
        for day in DAYS[2:]:
            build_identity_days(con, old.cfg, [day])
            build_profile_days(con, old.cfg, [day])
    assert_same_as_full_build(old, full)


def store_without_record_numbers(con) -> None:
    """The warehouse as it was before record numbers: raw rows, identity history rows (with a 32-bit
    hash of the id to find them by) and attribute values name their record by id only."""
    for table in ("identity.record_keys_history", "identity.record_profiles_history"):
        con.execute(f"ALTER TABLE {table} ADD COLUMN record_id VARCHAR")
        con.execute(
            f"UPDATE {table} AS h SET record_id = n.record_id FROM raw.record_numbers AS n "
            "WHERE n.record_no = h.record_no"
        )
        con.execute(f"ALTER TABLE {table} ADD COLUMN record_hash UINTEGER")
        con.execute(f"UPDATE {table} SET record_hash = (hash(source, record_id) >> 32)::UINTEGER")
        con.execute(f"ALTER TABLE {table} DROP COLUMN record_no")
    con.execute("ALTER TABLE profile.attribute_values_history ADD COLUMN record_id VARCHAR")
    con.execute(
        "UPDATE profile.attribute_values_history AS h SET record_id = n.record_id "
        "FROM raw.record_numbers AS n WHERE n.record_no = h.record_no"
    )
    con.execute("ALTER TABLE profile.attribute_values_history DROP COLUMN record_no")
    con.execute("ALTER TABLE raw.records DROP COLUMN record_no")
    con.execute("DROP TABLE raw.record_numbers")
    con.execute("UPDATE raw.versioned_sources SET numbered = NULL")


def test_a_warehouse_from_before_record_numbers_gets_them_and_builds_on(tmp_path, monkeypatch):
    """Before record numbers, the steps joined and stored records by (source, record_id): every
    record gets its number, on its raw rows and on the history rows and attribute values that name
    it; what the warehouse shows stays as it was, and later incremental steps give what full
    rebuilds give."""
    deliveries = random_deliveries(4)
    old, full = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("old", "full"))
    shown = (
        "SELECT day, source, record_id, profile_id FROM identity.record_profiles_daily "
        "JOIN raw.record_numbers USING (source, record_no) ORDER BY ALL",
        "SELECT * FROM cdh.profile_attribute_sources ORDER BY ALL",
        "SELECT day, profile_id, key, value, records FROM identity.profile_identifiers_daily ORDER BY ALL",
    )
    with duckdb.connect(str(old.project.settings.warehouse)) as con:
        build_identity_days(con, old.cfg, DAYS[:2])
        build_profile_days(con, old.cfg, DAYS[:2])
        before = [con.execute(q).fetchall() for q in shown]
        store_without_record_numbers(con)
        prepare_warehouse(con, old.cfg)
        assert [con.execute(q).fetchall() for q in shown] == before
        assert all(len(rows) > 10 for rows in before)
        assert any(record_id is not None for *_, record_id, _ in before[1])
        columns = (
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE (table_schema, table_name) IN (SELECT table_schema, table_name "
            "FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_catalog <> 'temp') "
            "AND (column_name IN ('record_no', "
            "'record_hash') OR (column_name = 'record_id' AND table_name LIKE '%_history')) "
            "ORDER BY ALL"
        )
        assert con.execute(columns).fetchall() == [
            ("attribute_values_history", "record_no", "YES"),
            ("record_keys_history", "record_no", "NO"),
            ("record_numbers", "record_no", "NO"),
            ("record_profiles_history", "record_no", "NO"),
            ("records", "record_no", "YES"),
        ]
        unnumbered = (
            "SELECT count(*) FROM raw.records AS r JOIN config.sources AS s ON s.source = r.source "
            "WHERE s.kind IN ('contacts', 'orders') AND r.record_no IS NULL"
        )
        assert con.execute(unnumbered).fetchone() == (0,)
        for day in DAYS[2:]:
            build_identity_days(con, old.cfg, [day])
            build_profile_days(con, old.cfg, [day])
    assert_same_as_full_build(old, full)


def test_a_stored_profile_id_that_is_no_number_stops_the_step_and_changes_nothing(tmp_path, monkeypatch):
    graph = loaded(tmp_path, monkeypatch, random_deliveries(3))
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        build_identity_days(con, graph.cfg, DAYS[:1])
        build_profile_days(con, graph.cfg, DAYS[:1])
        store_text_profile_ids(con)
        con.execute(
            "UPDATE profile.attribute_values_history SET profile_id = 'p-7' "
            "WHERE rowid = (SELECT min(rowid) FROM profile.attribute_values_history)"
        )
        stops = r"profile\.attribute_values_history: 1 stored profile id.*'p-7'"
        with pytest.raises(RuntimeError, match=stops):
            prepare_warehouse(con, graph.cfg)
        text_ids = (
            "SELECT count(*) FROM information_schema.columns "
            "WHERE column_name = 'profile_id' AND table_name LIKE '%_history'"
        )
        assert con.execute(text_ids).fetchone() == (2,)


def test_a_warehouse_with_staged_keys_keeps_their_problems_in_key_problems(tmp_path, monkeypatch):
    """Before quality.key_problems, quality.staged_keys held every delivered key value: its
    unusable ones move to key_problems, the table goes, and the checks' batch stays the same."""
    graph = loaded(tmp_path, monkeypatch, random_deliveries(2))
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        build_identity_days(con, graph.cfg, DAYS[:4])
        batch = "SELECT * FROM quality.delivered_keys(?::DATE) ORDER BY ALL"
        before = [con.execute(batch, [day]).fetchall() for day in DAYS[:4]]
        problems = con.execute("SELECT * FROM quality.key_problems ORDER BY ALL").fetchall()
        assert {row[-1] for row in problems} == {"invalid", "blocklisted"}
        con.execute(
            "CREATE TABLE quality.staged_keys AS "
            "SELECT d.day, k.source, k.record_id, k.key, k.normaliser, k.raw, k.value, k.problem "
            "FROM (SELECT UNNEST(?::DATE[]) AS day) AS d, quality.delivered_keys(d.day) AS k",
            [DAYS[:4]],
        )
        con.execute("DROP TABLE quality.key_problems")
        prepare_warehouse(con, graph.cfg)
        assert con.execute("SELECT * FROM quality.key_problems ORDER BY ALL").fetchall() == problems
        assert [con.execute(batch, [day]).fetchall() for day in DAYS[:4]] == before
        tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'quality'"
        assert "staged_keys" not in {name for (name,) in con.execute(tables).fetchall()}


@pytest.mark.parametrize("change", ["dropped", "now shared"])
def test_a_family_phone_whose_conflict_ends_links_its_carriers_as_a_rebuild_does(
    tmp_path, monkeypatch, change
):
    """A phone held by two customer ids links nobody (nor attaches an order); when one record's
    customer id goes (or becomes the other's), the phone links both records and the order,
    though none of the phone's carriers changed: the incremental step must find the records
    that were not delivered."""
    cid = {} if change == "dropped" else {"customer_id": "C1"}
    deliveries = {
        D1: (
            [
                {"line_uid": uid(1), "customer_id": "C1", "phone": phone(7)},
                {"line_uid": uid(2), "customer_id": "C2", "phone": phone(7)},
            ],
            [{"order_id": "O1", "phone": phone(7)}],
        ),
        D2: ([{"line_uid": uid(2), "phone": phone(7), **cid}], []),
    }
    incremental, full = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("inc", "full"))
    with duckdb.connect(str(incremental.project.settings.warehouse)) as con:
        build_identity_days(con, incremental.cfg, [D1])
        assert len(set(incremental.profiles(D1).values())) == 2 and "O1|1" not in incremental.profiles(D1)
        [stats] = build_identity_days(con, incremental.cfg, [D2]).values()
    with duckdb.connect(str(full.project.settings.warehouse)) as con:
        build_identity_days(con, full.cfg, [D1, D2], full=True)
    assert stats["mode"] == "incremental" and stats["merges"] == 1
    assert len(set(incremental.profiles(D2).values())) == 1  # the order through the phone too
    assert state(incremental) == state(full)


def test_a_capped_value_that_loses_every_carrier_is_no_longer_reported_as_skipped(tmp_path, monkeypatch):
    """A family phone (two customer ids) is audited as skipped each day while it is carried; once
    neither record carries it any more, the next day reports it no longer, incremental or full."""
    deliveries = {
        D1: (
            [
                {"line_uid": uid(1), "customer_id": "C1", "phone": phone(7)},
                {"line_uid": uid(2), "customer_id": "C2", "phone": phone(7)},
            ],
            [],
        ),
        D2: ([{"line_uid": uid(1), "customer_id": "C1"}, {"line_uid": uid(2), "customer_id": "C2"}], []),
    }
    incremental, full = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("inc", "full"))
    with duckdb.connect(str(incremental.project.settings.warehouse)) as con:
        for day in (D1, D2):
            [stats] = build_identity_days(con, incremental.cfg, [day]).values()
    with duckdb.connect(str(full.project.settings.warehouse)) as con:
        build_identity_days(con, full.cfg, [D1, D2], full=True)
    assert stats["mode"] == "incremental"
    skipped = "SELECT day, key, reason FROM identity.skipped_values_daily WHERE key = 'phone' ORDER BY day"
    assert incremental.project.sql(skipped) == [(D1, "phone", "conflicting_customer_id")]
    assert state(incremental) == state(full)


def test_out_of_order_backfill_gives_the_same_history(tmp_path, monkeypatch):
    deliveries = random_deliveries(7)
    in_order, shuffled = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("a", "b"))
    with duckdb.connect(str(in_order.project.settings.warehouse)) as con:
        for day in DAYS:
            build_identity_days(con, in_order.cfg, [day])
    order = DAYS[:]
    random.Random(3).shuffle(order)
    with duckdb.connect(str(shuffled.project.settings.warehouse)) as con:
        for day in order:
            build_identity_days(con, shuffled.cfg, [day])
    assert state(in_order) == state(shuffled)
    q = "SELECT * FROM identity.profile_merges_daily ORDER BY ALL"
    assert in_order.project.sql(q) == shuffled.project.sql(q)


KEY_ROWS = (
    "SELECT n.record_id, h.key, h.value, h.valid_from, h.valid_to FROM identity.record_keys_history AS h "
    "JOIN raw.record_numbers AS n USING (source, record_no) ORDER BY ALL"
)


@pytest.mark.parametrize("then", ["run again", "left for later days"])
def test_a_step_stopped_after_storing_its_key_rows_is_undone_by_the_next_step(tmp_path, monkeypatch, then):
    """An identity step commits its key rows before it resolves profiles (assets/identity.py
    apply_step). Stopped in between (a crash injected), it leaves key rows newer than the last
    step; the next step, of that day or a later one, rolls them back first: the history is that
    of a warehouse where the stopped day was run again, or never run."""
    deliveries = random_deliveries(5)
    stopped_day = DAYS[3]
    days = DAYS if then == "run again" else [d for d in DAYS if d != stopped_day]
    stopped, clean = (loaded(tmp_path / name, monkeypatch, deliveries) for name in ("stopped", "clean"))

    def crash_at_components(con, name, params=None, _run=identity_assets.run_sql):
        if name == "identity/components_init.sql":
            raise RuntimeError("crash injected between the two transactions")
        return _run(con, name, params)

    with duckdb.connect(str(stopped.project.settings.warehouse)) as con:
        for day in DAYS[:3]:
            build_identity_days(con, stopped.cfg, [day])
            build_profile_days(con, stopped.cfg, [day])
        with monkeypatch.context() as patch:
            patch.setattr(identity_assets, "run_sql", crash_at_components)
            with pytest.raises(RuntimeError, match="crash injected"):
                build_identity_days(con, stopped.cfg, [stopped_day])
        left = "SELECT count(*) FROM identity.record_keys_history WHERE valid_from = ? OR valid_to = ?"
        assert con.execute(left, [stopped_day, stopped_day]).fetchone()[0] > 0
        assert con.execute("SELECT max(day) FROM identity.steps").fetchone()[0] == DAYS[2]
        for day in days[3:]:
            build_identity_days(con, stopped.cfg, [day])
            build_profile_days(con, stopped.cfg, [day])
    with duckdb.connect(str(clean.project.settings.warehouse)) as con:
        for day in days:
            build_identity_days(con, clean.cfg, [day])
            build_profile_days(con, clean.cfg, [day])
    assert stopped.project.sql(KEY_ROWS) == clean.project.sql(KEY_ROWS)
    assert state(stopped) == state(clean)
    assert stopped.project.sql(VALUES) == clean.project.sql(VALUES)


def test_blocklist_change_splits_and_records_where_the_new_profile_came_from(graph):
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "email": "shared@example.com"},
            {"line_uid": uid(2), "email": "shared@example.com"},
        ],
    )
    graph.run(D1)
    old_id = graph.profiles(D1)[uid(1)]
    assert graph.profiles(D1)[uid(2)] == old_id
    path = graph.project.root / "config" / "identity.yaml"
    identity = yaml.safe_load(path.read_text())
    next(k for k in identity["keys"] if k["name"] == "email")["blocklist"]["values"].append(
        "shared@example.com"
    )
    path.write_text(yaml.safe_dump(identity))
    graph.cfg = load_config(graph.project.settings.config_dir)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        result = rebuild(con, graph.cfg, [D1])[D1]
    after = graph.profiles(D1)
    assert after[uid(1)] == old_id and after[uid(2)] != old_id
    assert result["mode"] == "full" and result["rebuild_splits"] == 1 and result["rebuild_merges"] == 0
    assert graph.project.sql(
        "SELECT change, profile_id, other_profile_id, records FROM identity.rebuild_changes"
    ) == [("split", after[uid(2)], old_id, 1)]
    # the next daily step runs incrementally on the rebuilt state
    graph.deliver(D2, [{"line_uid": uid(3), "email": "new@example.com"}])
    [stats] = graph.run(D2)
    assert stats["mode"] == "incremental"


def test_rule_change_makes_the_next_step_full_and_records_the_split(graph):
    graph.deliver(D1, [{"line_uid": uid(1), "phone": phone(5)}, {"line_uid": uid(2), "phone": phone(5)}])
    graph.run(D1)
    old_id = graph.profiles(D1)[uid(1)]
    path = graph.project.root / "config" / "identity.yaml"
    identity = yaml.safe_load(path.read_text())
    next(k for k in identity["keys"] if k["name"] == "phone")["blocklist"]["patterns"].append(
        r"^\+886912000005$"
    )
    path.write_text(yaml.safe_dump(identity))
    graph.cfg = load_config(graph.project.settings.config_dir)
    graph.deliver(D2, [])
    [stats] = graph.run(D2)
    assert stats["mode"] == "full" and stats["splits"] == 1
    new_id = graph.profiles(D2)[uid(2)]
    assert graph.project.sql("SELECT * FROM cdh.profile_splits") == [(D2, new_id, old_id, 1)]
    text = explain_profile(graph.project.settings.warehouse, new_id, None, show_pii=True)
    assert f"split off {old_id} on {D2} (1 records)" in text
    # delivered on D1, the phone is blocklisted by D2's rules: the full step checked it again
    nobody = text.split("values that linked nobody:\n", 1)[1].splitlines()[0].split()
    assert nobody == ["phone", "+886912000005", "blocklisted", f"maac_contacts/{uid(2)}", f"({D1})"]
    assert text.count("+886912000005") == 1
    text = explain_profile(graph.project.settings.warehouse, old_id, None)
    assert f"{new_id} split off this profile on {D2}" in text


def test_erasure_removes_records_everywhere_and_keeps_them_out(graph):
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "email": "gone@example.com", "phone": phone(1)},
            {"line_uid": uid(2), "email": "gone@example.com", "phone": "0000"},  # an invalid phone
            {"line_uid": uid(3), "phone": phone(1), "email": "stay@example.com"},
        ],
        orders=[{"order_id": "O1", "phone": phone(1)}],
    )
    graph.run(D1)
    assert len(set(graph.profiles(D1).values())) == 1
    problems = "SELECT record_id, key, problem FROM quality.key_problems"
    assert graph.project.sql(problems) == [(uid(2), "phone", "invalid")]
    numbers = "SELECT record_no FROM raw.record_numbers WHERE record_id IN (?, ?) ORDER BY 1"
    erased_numbers = [n for (n,) in graph.project.sql(numbers, [uid(1), uid(2)])]
    assert len(erased_numbers) == 2
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        with pytest.raises(ErasureError, match="email: not an email address"):
            add_suppressions(con, graph.cfg, "email", ["nope"], None)
        assert add_suppressions(con, graph.cfg, "email", [" Gone@Example.COM "], "request 42") == 1
        assert add_suppressions(con, graph.cfg, "email", ["gone@example.com"], None) == 0
    stored = graph.project.sql("SELECT * FROM identity.suppressions")
    assert "gone@example.com" not in repr(stored) and len(stored[0][1]) == 64
    [stats] = graph.run(D1)  # re-running the day applies the erasure (a full step)
    assert stats["mode"] == "full" and stats["erased_records"] == 2
    kept = graph.profiles(D1)
    assert set(kept) == {uid(3), "O1|1"}
    for table, column, values in (
        ("raw.records", "record_id", [uid(1), uid(2)]),
        ("raw.record_numbers", "record_id", [uid(1), uid(2)]),
        ("quality.key_problems", "record_id", [uid(1), uid(2)]),
        ("identity.record_keys_history", "record_no", erased_numbers),
        ("identity.record_profiles_history", "record_no", erased_numbers),
        ("profile.attribute_values_history", "record_no", erased_numbers),
    ):
        assert graph.project.sql(f"SELECT count(*) FROM {table} WHERE {column} IN (?, ?)", values) == [
            (0,)
        ], table
    # a later delivery of an erased record stays out and is purged again
    graph.deliver(D2, [{"line_uid": uid(1), "email": "GONE@example.com", "name": "again"}])
    [stats] = graph.run(D2)
    assert stats["mode"] == "incremental" and stats["erased_records"] == 1
    assert (stats["profiles"], stats["contact_records"], stats["largest_cluster"]) == (1, 1, 1)
    assert uid(1) not in graph.profiles(D2)
    assert graph.project.sql("SELECT count(*) FROM raw.records WHERE record_id = ?", [uid(1)]) == [(0,)]
