"""raw.records' version columns (sql/ingest/record_versions.sql) and record numbers
(raw.record_numbers), kept by every load: days loaded out of order, a record repeated in one file, a
corrected file replacing its rows. A record's version as of a day is then found by a filter
(identity.records_asof) and is the one an aggregate over all its rows in delivery order finds; all
its rows carry its one number. A warehouse from before the columns gets them filled once, and its
stored attribute values name their records by number. Real DuckDB, real ingest."""

import datetime as dt

import duckdb

from assets.ingest import ingest_source_day
from assets.warehouse_setup import index_record_versions, prepare_warehouse
from resources.warehouse import ensure_schema
from tests.deliveries import D1, Graph, graph_for, uid

D2, D3 = D1 + dt.timedelta(days=1), D1 + dt.timedelta(days=2)

# every row's place among its record's rows, computed from scratch: (day, file, line) order
PLACES = """
SELECT source, record_id, day, file_name, line_no,
       min(day) OVER (PARTITION BY source, record_id) AS first_day,
       lead(day) OVER (PARTITION BY source, record_id ORDER BY day, file_name, line_no) AS next_day
FROM raw.records WHERE source = 'maac_contacts' ORDER BY ALL
"""
STORED = """
SELECT source, record_id, day, file_name, line_no, coalesce(first_day, day), next_day
FROM raw.records WHERE source = 'maac_contacts' ORDER BY ALL
"""
# the newest version as of $d by an aggregate over every row, and the filter's
NEWEST = """
SELECT source, record_id, arg_max(fields, (day, file_name, line_no)) AS fields,
       min(day) AS first_seen_day, max(day) AS last_seen_day
FROM raw.records WHERE source = 'maac_contacts' AND day <= $d GROUP BY ALL ORDER BY ALL
"""
ASOF = """
SELECT source, record_id, fields, first_seen_day, last_seen_day
FROM identity.records_asof($d) WHERE source = 'maac_contacts' ORDER BY ALL
"""
# every row of a record carries the record's number, one per record, as raw.record_numbers holds it
NUMBERS = """
SELECT count(*) FILTER (record_no IS NULL), count(DISTINCT (source, record_id)), count(DISTINCT record_no),
       count(DISTINCT (source, record_id, record_no)),
       count(*) FILTER (record_no NOT IN (SELECT record_no FROM raw.record_numbers AS n
                                          WHERE n.source = r.source AND n.record_id = r.record_id))
FROM raw.records AS r WHERE source = 'maac_contacts'
"""
REGISTRY = (
    "SELECT count(*), count(DISTINCT record_no), count(DISTINCT (source, record_id)) FROM raw.record_numbers"
)


def contacts(numbers: list[int], note: str) -> list[dict]:
    return [{"line_uid": uid(n), "name": f"n{n}", "note": note} for n in numbers]


def ingest(graph: Graph, day: dt.date) -> None:
    """As the ingest asset loads a day."""
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        ensure_schema(con)
        index_record_versions(con, graph.cfg)
        ingest_source_day(con, graph.landing, graph.cfg, "maac_contacts", day)


def assert_versions_placed(graph: Graph) -> None:
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)  # the macro; indexes nothing once every load kept the columns
        assert con.execute(STORED).fetchall() == con.execute(PLACES).fetchall()
        unnumbered, records, numbers, pairs, unregistered = con.execute(NUMBERS).fetchone()
        assert (unnumbered, unregistered) == (0, 0) and records == numbers == pairs > 0
        registered, distinct_numbers, distinct_records = con.execute(REGISTRY).fetchone()
        assert registered == distinct_numbers == distinct_records >= records
        for d in (D1, D2, D3):
            newest = con.execute(NEWEST, {"d": d}).fetchall()
            assert con.execute(ASOF, {"d": d}).fetchall() == newest
            assert len({(s, r) for s, r, *_ in newest}) == len(newest)


def test_loads_keep_every_records_versions_in_delivery_order(tmp_path, monkeypatch):
    graph = graph_for(tmp_path, monkeypatch)
    graph.deliver(D3, contacts([0, 1, 2, 3, 5], "third day"))
    ingest(graph, D3)
    # a backfill of earlier days: records 0-3 get older versions, 1 twice in one file
    graph.deliver(D1, contacts([0, 1, 2, 1, 3], "first day"))
    ingest(graph, D1)
    graph.deliver(D2, contacts([0, 4], "second day"))
    ingest(graph, D2)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        stored = dict(
            ((r, d, n), (f, nx))
            for r, d, n, f, nx in con.execute(
                "SELECT record_id, day, line_no, first_day, next_day FROM raw.records "
                "WHERE record_id IN (?, ?) ORDER BY ALL",
                [uid(0), uid(1)],
            ).fetchall()
        )
    assert stored == {  # (record, day, line: the file's, after its header)
        (uid(0), D1, 2): (None, D2),  # the first version: its own day is the first
        (uid(0), D2, 2): (D1, D3),
        (uid(0), D3, 2): (D1, None),  # the newest
        (uid(1), D1, 3): (None, D1),  # the file's later line is the next version, the same day
        (uid(1), D1, 5): (None, D3),
        (uid(1), D3, 3): (D1, None),
    }
    assert_versions_placed(graph)
    numbers_before = record_numbers(graph)

    # a corrected third-day file replaces that file's rows: 2 and 5 leave it, 6 arrives
    graph.deliver(D3, contacts([0, 1, 3, 6], "third day, corrected"))
    ingest(graph, D3)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        rows = con.execute(
            "SELECT record_id, day, first_day, next_day FROM raw.records WHERE record_id IN (?, ?, ?)",
            [uid(2), uid(5), uid(6)],
        ).fetchall()
    assert sorted(rows) == [(uid(2), D1, None, None), (uid(6), D3, None, None)]  # 2's D1 row is newest
    assert_versions_placed(graph)
    numbers_after = record_numbers(graph)
    # a record keeps its number through the replaced file; the new one gets the next number
    assert {r: n for r, n in numbers_after.items() if r != uid(6)} == numbers_before
    assert numbers_after[uid(6)] == max(numbers_before.values()) + 1


def record_numbers(graph: Graph) -> dict[str, int]:
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        return dict(con.execute("SELECT record_id, record_no FROM raw.record_numbers").fetchall())


def test_a_warehouse_from_before_the_version_columns_gets_them_filled(tmp_path, monkeypatch):
    graph = graph_for(tmp_path, monkeypatch)
    for day, numbers in ((D1, [0, 1, 2]), (D2, [1, 2, 3]), (D3, [2, 4])):
        graph.deliver(day, contacts(numbers, str(day)))
        ingest(graph, day)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        # as it was: no version columns, no source marked as keeping them
        con.execute("DROP TABLE raw.versioned_sources")
        con.execute("ALTER TABLE raw.records DROP COLUMN first_day")
        con.execute("ALTER TABLE raw.records DROP COLUMN next_day")
        # no record numbers: the attribute values named their record by id (one no longer delivered)
        con.execute("ALTER TABLE raw.records DROP COLUMN record_no")
        con.execute("DROP TABLE raw.record_numbers")
        con.execute("DROP TABLE profile.attribute_values_history")
        con.execute(
            "CREATE TABLE profile.attribute_values_history (profile_no UBIGINT NOT NULL, attribute VARCHAR "
            "NOT NULL, value VARCHAR NOT NULL, source VARCHAR NOT NULL, record_id VARCHAR, candidates BIGINT "
            "NOT NULL, valid_from DATE NOT NULL, valid_to DATE)"
        )
        con.execute(
            "INSERT INTO profile.attribute_values_history VALUES (1, 'name', 'n1', 'maac_contacts', ?, 1, ?, "
            "NULL), (1, 'note', 'x', 'maac_contacts,shop_members', NULL, 2, ?, NULL), (2, 'name', 'n9', "
            "'maac_contacts', ?, 1, ?, NULL)",
            [uid(1), D2, D2, uid(9), D1],
        )
        prepare_warehouse(con, graph.cfg)
        filled = con.execute("SELECT count(*) FILTER (next_day IS NOT NULL) FROM raw.records").fetchone()
        marked = con.execute("SELECT source FROM raw.versioned_sources WHERE numbered ORDER BY 1").fetchall()
        values = con.execute(
            "SELECT h.attribute, h.record_no IS NULL, n.record_id FROM profile.attribute_values_history "
            "AS h LEFT JOIN raw.record_numbers AS n USING (record_no) ORDER BY ALL"
        ).fetchall()
        columns = con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'profile' "
            "AND table_name = 'attribute_values_history' AND column_name LIKE 'record%' ORDER BY 1"
        ).fetchall()
    assert filled == (3,)  # 1's first row, 2's first two
    assert ("maac_contacts",) in marked and ("web_segments",) not in marked
    assert values == [("name", False, uid(1)), ("name", False, uid(9)), ("note", True, None)]
    assert columns == [("record_no",)]
    assert_versions_placed(graph)
