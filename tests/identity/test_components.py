"""Connected components on random graphs of records and linking values: the SQL rounds
(identity/components_*.sql) against union-find for the labels, and against the same min-label
propagation with pointer jumping over every node in plain Python for the number of rounds, so the
checks after later rounds, which read only the values of the nodes whose label moved
(components_values_moved.sql), must stop exactly when a check of every value would."""

import random

import duckdb
import pytest

from assets.identity import connected_components


def _union_find_minimum(nodes: list[int], values: dict[int, list[int]]) -> dict[int, int]:
    parent = {n: n for n in nodes}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for members in values.values():
        for other in members[1:]:
            a, b = root(members[0]), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {n: root(n) for n in nodes}


def _rounds_over_every_node(values: dict[int, list[int]]) -> int:
    labels = {n: n for members in values.values() for n in members}
    rounds = 0
    while True:
        value_min = {v: min(labels[n] for n in members) for v, members in values.items()}
        if all(labels[n] == value_min[v] for v, members in values.items() for n in members):
            return rounds
        rounds += 1
        node_min = dict(labels)
        for v, members in values.items():
            for n in members:
                node_min[n] = min(node_min[n], value_min[v])
        labels = {n: min(node_min[n], node_min[node_min[n]]) for n in labels}


def _random_graph(rng: random.Random, n: int) -> dict[int, list[int]]:
    """Values shared by records: long chains in shuffled node order (large diameter), stars,
    and random small values, so components of every shape meet."""
    nodes = list(range(1, n + 1))
    rng.shuffle(nodes)
    values: dict[int, list[int]] = {}
    vid = 0
    chain = nodes[: n // 3]
    for a, b in zip(chain, chain[1:], strict=False):
        vid += 1
        values[vid] = [a, b]
    hub_members = nodes[n // 3 : n // 2]
    for i in range(0, len(hub_members), 25):
        vid += 1
        values[vid] = hub_members[i : i + 25]
    for _ in range(n // 4):
        vid += 1
        values[vid] = rng.sample(nodes, rng.choice((2, 2, 3)))
    return values


@pytest.mark.parametrize("seed", range(6))
def test_components_equal_union_find_in_the_rounds_of_a_full_propagation(seed):
    rng = random.Random(seed)
    n = rng.choice((300, 2_000, 5_000))
    values = _random_graph(rng, n)
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE nodes AS SELECT range AS node FROM range(1, $n + 1)", {"n": n})
    rows = [(node, vid) for vid, members in values.items() for node in members]
    con.execute("CREATE TEMP TABLE edges (node BIGINT, vid BIGINT)")
    con.executemany("INSERT INTO edges VALUES (?, ?)", rows)

    rounds = connected_components(con)

    expected = _union_find_minimum(list(range(1, n + 1)), values)
    linked = {node: expected[node] for node, _ in rows}
    got = dict(con.execute("SELECT node, label FROM labels").fetchall())
    assert got == linked
    assert rounds == _rounds_over_every_node(values)
    assert rounds >= 3  # a check read only the moved values
