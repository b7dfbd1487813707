"""Config validation: every error names the file, the key and the problem."""

import re
import shutil

import pytest
import yaml

from resources.project_config import ConfigError, FilePattern, interpolate_env, load_config
from tests.conftest import REPO


@pytest.fixture
def config_dir(tmp_path):
    target = tmp_path / "config"
    shutil.copytree(REPO / "config", target)
    return target


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def error_of(config_dir) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(config_dir)
    return str(info.value)


def test_shipped_config_loads():
    cfg = load_config(REPO / "config")
    assert list(cfg.sources.sources) == [
        "maac_contacts",
        "caac_contacts",
        "shop_members",
        "crm_contacts",
        "orders",
        "web_segments",
    ]
    assert [k.name for k in cfg.identity.keys][:2] == ["customer_id", "line_uid"]


def test_unknown_key_names_file_and_key(config_dir):
    edit(config_dir / "sources.yaml", lambda d: d["sources"]["orders"].update(patern="x"))
    msg = error_of(config_dir)
    assert msg.startswith(f"{config_dir / 'sources.yaml'}: sources.orders.patern:")
    assert "Extra inputs are not permitted" in msg


def test_missing_field_names_file_and_key(config_dir):
    edit(config_dir / "identity.yaml", lambda d: d["keys"][1].pop("normaliser"))
    assert error_of(config_dir) == f"{config_dir / 'identity.yaml'}: keys.1.normaliser: Field required"


def test_pattern_without_date(config_dir):
    edit(config_dir / "sources.yaml", lambda d: d["sources"]["orders"].update(pattern="orders.csv"))
    msg = error_of(config_dir)
    assert "sources.orders.pattern" in msg and "{date:...}" in msg


def test_blocklist_pattern_must_be_re2(config_dir):
    edit(config_dir / "identity.yaml", lambda d: d["keys"][4]["blocklist"]["patterns"].append(r"^(\d)\1+$"))
    msg = error_of(config_dir)
    assert "keys.4.blocklist.patterns" in msg and "not a valid RE2 expression" in msg


def test_distinct_cap_below_one_names_the_key(config_dir):
    edit(config_dir / "identity.yaml", lambda d: d["keys"][4]["cap"]["distinct"].update(customer_id=0))
    msg = error_of(config_dir)
    assert "keys.4.cap.distinct.customer_id" in msg and "greater than or equal to 1" in msg


def test_reference_to_unknown_source_names_the_attribute(config_dir):
    edit(
        config_dir / "profile.yaml", lambda d: d["attributes"][0].update(sources=["shop_members", "shopify"])
    )
    assert error_of(config_dir) == (
        f"{config_dir / 'profile.yaml'}: attributes[0].sources: 'shopify' is not a contacts source "
        "in sources.yaml"
    )


def test_lifecycle_must_end_with_a_catch_all(config_dir):
    edit(config_dir / "segments.yaml", lambda d: d["lifecycle"].pop())
    msg = error_of(config_dir)
    assert msg.startswith(f"{config_dir / 'segments.yaml'}: lifecycle: the last segment must have")


def test_destination_attribute_must_exist(config_dir):
    edit(
        config_dir / "destinations.yaml",
        lambda d: d["destinations"]["email_tool"]["columns"][0].update(attribute="mail"),
    )
    msg = error_of(config_dir)
    assert "destinations.email_tool.columns" in msg and "'mail' is not a profile attribute" in msg


def test_missing_file(config_dir):
    (config_dir / "segments.yaml").unlink()
    assert re.search(r"segments\.yaml: file not found", error_of(config_dir))


def test_env_interpolation():
    assert interpolate_env("${X:-data/landing}/a", {}) == "data/landing/a"
    assert interpolate_env("${X:-data}/a", {"X": "/srv/in"}) == "/srv/in/a"
    with pytest.raises(ValueError, match="X is not set"):
        interpolate_env("${X}", {})


def test_file_pattern_matches_dates_and_segments():
    import datetime as dt

    p = FilePattern("segment_{segment}_{date:%Y%m%d}.csv.gz")
    assert p.match("segment_positive_sentiment_20261122.csv.gz") == (
        dt.date(2026, 11, 22),
        "positive_sentiment",
    )
    assert p.match("segment_x_20261322.csv.gz") is None  # month 13
    assert p.match("segment_x_20261122.csv.gz.done") is None
    assert p.render(dt.date(2026, 1, 2), "a") == "segment_a_20260102.csv.gz"
