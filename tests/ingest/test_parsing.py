"""Reading single files: encodings, header mapping by name, row checks, whole-file rejection."""

import gzip
import zipfile

import pytest

from assets.ingest_parsing import FileRejected, parse_delivery
from resources.project_config import load_config
from tests.conftest import REPO


@pytest.fixture(scope="module")
def cfg():
    return load_config(REPO / "config")


def write(tmp_path, name, text, encoding="utf-8", gz=False):
    data = text.encode(encoding)
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


MEMBERS = (
    "會員編號,姓名,手機號碼,電子信箱,生日,性別,會員等級,註冊日期,累積消費金額,訂閱電子報\n"
    "C0001234,王小明,0912345678,ming@example.com,1990/05/01,男,金卡,2021/03/15 10:22:01,15800,Y\n"
)


@pytest.mark.parametrize(
    "encoding, expected", [("utf-8-sig", "utf-8"), ("utf-8", "utf-8"), ("cp950", "cp950")]
)
def test_members_in_each_encoding(tmp_path, cfg, encoding, expected):
    parsed = parse_delivery(
        write(tmp_path, "members_20261122.csv", MEMBERS, encoding),
        cfg.sources.sources["shop_members"],
        "Asia/Taipei",
    )
    assert parsed.encoding == expected
    [(line, record_id, fields)] = parsed.rows
    assert (line, record_id) == (2, "C0001234")
    assert fields["name"] == "王小明" and fields["phone"] == "0912345678"
    assert fields["birthday"] == "1990-05-01"
    assert fields["registered_at"] == "2021-03-15T10:22:01+08:00"  # local time gets the zone
    assert fields["lifetime_spend"] == "15800"


def test_headers_map_by_name_not_position(tmp_path, cfg):
    text = (
        "email,updated_at,line_uid,phone,extra\n"
        "a@example.com,2026-11-21T09:12:00+08:00,U4af4980629c8a1f3e0d2b7c6a5e91234,0912-345-678,x\n"
    )
    parsed = parse_delivery(write(tmp_path, "m.csv", text), cfg.sources.sources["maac_contacts"], "UTC")
    [(_, record_id, fields)] = parsed.rows
    assert record_id == "U4af4980629c8a1f3e0d2b7c6a5e91234"
    assert fields == {
        "email": "a@example.com",
        "updated_at": "2026-11-21T09:12:00+08:00",
        "line_uid": "U4af4980629c8a1f3e0d2b7c6a5e91234",
        "phone": "0912-345-678",
    }
    assert parsed.unmapped_headers == ["extra"]
    assert "customer_id" in parsed.missing_optional


def test_bad_rows_are_quarantined_with_line_and_reason(tmp_path, cfg):
    text = (
        "order_id,customer_id,phone,order_datetime,line_no,sku,quantity,unit_price,currency,order_total,status,channel\n"
        "SO1,C1,,2026-11-22T10:05:00+08:00,1,SKU,2,450,TWD,900,paid,web\n"
        "SO2,C1,,2026-11-22T10:05:00+08:00,1,SKU,two,450,TWD,900,paid,web\n"
        "SO3,C1,,2026-11-22T10:05:00+08:00,1,SKU,2,450,TWD\n"
        ",C1,,2026-11-22T10:05:00+08:00,1,SKU,2,450,TWD,900,paid,web\n"
        "SO5,C1,,yesterday,1,SKU,2,450,TWD,900,paid,web\n"
    )
    parsed = parse_delivery(
        write(tmp_path, "orders_20261122.csv.gz", text, gz=True), cfg.sources.sources["orders"], "UTC"
    )
    assert [(r[0], r[1]) for r in parsed.rows] == [(2, "SO1|1")]
    assert [(q[0], q[1]) for q in parsed.quarantined] == [
        (3, "column 'quantity': 'two' is not an integer"),
        (4, "expected 12 columns, found 9"),
        (5, "column 'order_id': required value is empty"),
        (6, "column 'order_datetime': 'yesterday' is not a timestamp"),
    ]
    assert parsed.quarantined[1][2].startswith("SO3,C1")


def test_missing_required_column_rejects_the_file(tmp_path, cfg):
    path = write(tmp_path, "orders_20261122.csv", "order_id,customer_id\nSO1,C1\n")
    with pytest.raises(
        FileRejected,
        match=r"orders_20261122.csv: required column\(s\) "
        r"'order_datetime', 'line_no', 'order_total', 'status' missing",
    ):
        parse_delivery(path, cfg.sources.sources["orders"], "UTC")


def test_truncated_gzip_rejects_the_file(tmp_path, cfg):
    path = tmp_path / "crm_contact_20261122.csv.gz"
    path.write_bytes(gzip.compress(b"contactid,emailaddress1\n" + b"x,y\n" * 1000)[:60])
    with pytest.raises(FileRejected, match=r"crm_contact_20261122.csv.gz: corrupt or truncated gzip"):
        parse_delivery(path, cfg.sources.sources["crm_contacts"], "UTC")


def test_undecodable_bytes_reject_the_file(tmp_path, cfg):
    path = tmp_path / "members_20261122.csv"
    path.write_bytes(MEMBERS.encode("utf-8") + b"\xff\xfe\xfa\n")
    with pytest.raises(FileRejected, match=r"members_20261122.csv: cannot decode"):
        parse_delivery(path, cfg.sources.sources["shop_members"], "UTC")


def zipped(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_archives_load_after_a_full_test(tmp_path, cfg):
    spec = cfg.sources.sources["shop_members"]
    good = zipped(tmp_path / "members_20261122.csv", {"members.csv": MEMBERS.encode("cp950")})
    parsed = parse_delivery(good, spec, "UTC")
    assert parsed.encoding == "cp950" and [r[1] for r in parsed.rows] == ["C0001234"]

    # a flipped byte inside the compressed member fails its CRC: nothing loads
    data = bytearray(good.read_bytes())
    data[data.index(b"members.csv") + 20] ^= 0xFF
    bad = tmp_path / "bad" / "members_20261122.csv"
    bad.parent.mkdir()
    bad.write_bytes(bytes(data))
    with pytest.raises(FileRejected, match=r"members_20261122.csv: corrupt"):
        parse_delivery(bad, spec, "UTC")


@pytest.mark.parametrize("member", ["../../etc/cron.d/x.csv", "/abs/members.csv", "a/../../b.csv"])
def test_zip_slip_members_are_refused(tmp_path, cfg, member):
    path = zipped(tmp_path / "members_20261122.csv", {member: MEMBERS.encode()})
    with pytest.raises(FileRejected, match="unsafe member name"):
        parse_delivery(path, cfg.sources.sources["shop_members"], "UTC")


def test_zip_with_several_files_is_refused(tmp_path, cfg):
    path = zipped(tmp_path / "members_20261122.csv", {"a.csv": b"x", "b.csv": b"y"})
    with pytest.raises(FileRejected, match="expected one file in the zip archive, found 2"):
        parse_delivery(path, cfg.sources.sources["shop_members"], "UTC")
