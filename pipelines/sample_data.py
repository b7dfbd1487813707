"""`cdh sample`: deterministic sample deliveries in the shapes of real exports (see
../shared/formats/): UTF-8 with BOM and cp950 members files, gzip, junk test accounts, family
phones, capitals and spaces in emails, malformed rows, a truncated gzip, feeds with .done markers.

Besides the files it returns (and writes next to the landing folder) the hidden truth — which
records are the same person — and what it wrote per file: good rows and the lines it broke.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FEED_SEGMENTS = ("positive_sentiment", "newsletter_unsubscribed")
SURNAMES = "王李張劉陳楊黃趙吳周"
GIVEN = ("小明", "美華", "志強", "淑芬", "家豪", "怡君", "建宏", "雅婷")
LATIN = ("Amy", "Ben", "Cindy", "David", "Emma", "Frank", "Grace", "Henry")


@dataclass
class Person:
    pid: str
    name: str
    phone: str  # national 09xxxxxxxx
    email: str
    line_uid: str
    customer_id: str | None
    crm_id: str | None
    in_caac: bool
    gender: str  # M / F
    birthday: dt.date
    tier: int
    joined: int  # day index the person first appears
    second_line_uid: str | None = None  # a duplicate LINE account with the same email


@dataclass
class FileWritten:
    source: str
    day: str
    name: str
    rows: int  # rows that must load
    broken_lines: list[int] = field(default_factory=list)  # lines that must be quarantined
    corrupt: bool = False  # the whole file must be rejected


@dataclass
class SampleManifest:
    start: dt.date
    days: int
    files: list[FileWritten] = field(default_factory=list)
    truth: dict[str, str] = field(default_factory=dict)  # "source|record_id" -> person id
    junk_records: list[str] = field(default_factory=list)  # "source|record_id" of test accounts
    family_pairs: list[tuple[str, str]] = field(default_factory=list)  # person ids sharing a phone

    def to_json(self) -> str:
        return json.dumps(
            {
                "start": self.start.isoformat(),
                "days": self.days,
                "files": [f.__dict__ for f in self.files],
                "truth": self.truth,
                "junk_records": self.junk_records,
                "family_pairs": self.family_pairs,
            },
            ensure_ascii=False,
            indent=1,
        )

    def rows_for(self, source: str, day: str) -> int:
        return sum(f.rows for f in self.files if f.source == source and f.day == day and not f.corrupt)


def _fmt_phone(national: str, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{national[:4]}-{national[4:7]}-{national[7:]}"
    if style == 1:
        return f"+886 {national[1:4]} {national[4:7]} {national[7:]}"
    if style == 2:
        return "886" + national[1:]
    return national


def _messy_email(email: str, rng: random.Random) -> str:
    local, domain = email.split("@")
    roll = rng.random()
    if roll < 0.2:
        return f"{local.capitalize()}@{domain.capitalize()} "
    if roll < 0.3:
        return f" {email.upper()}"
    return email


def _csv_bytes(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def make_people(n: int, days: int, rng: random.Random) -> list[Person]:
    people = []
    used_phones: set[str] = set()
    for i in range(n):
        while True:
            phone = "09" + "".join(str(rng.randrange(10)) for _ in range(8))
            if phone not in used_phones and len(set(phone[2:])) > 1:
                used_phones.add(phone)
                break
        latin = rng.random() < 0.3
        name = rng.choice(LATIN) if latin else rng.choice(SURNAMES) + rng.choice(GIVEN)
        bound = rng.random() < 0.6
        people.append(
            Person(
                pid=f"person{i:05d}",
                name=name,
                phone=phone,
                email=f"user{i:05d}@example.com",
                line_uid="U" + hashlib.md5(f"line{i}".encode()).hexdigest(),
                customer_id=f"C{i + 1:07d}" if bound else None,
                crm_id=str(_uuid(rng)) if rng.random() < 0.5 else None,
                in_caac=rng.random() < 0.5,
                gender=rng.choice("MF"),
                birthday=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000)),
                tier=rng.choice((100000000, 100000001, 100000002)),
                joined=0 if rng.random() < 0.7 or days == 1 else rng.randrange(1, days),
            )
        )
    # family phones: a bound person shares their phone with another bound person
    bound = [p for p in people if p.customer_id]
    for a, b in zip(bound[0:10:2], bound[1:10:2], strict=False):
        b.phone = a.phone
    # duplicate LINE accounts of one person (same email on both)
    for p in people[3:n:25]:
        p.second_line_uid = "U" + hashlib.md5(f"line-dup-{p.pid}".encode()).hexdigest()
    return people


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _stamp(day: dt.date, rng: random.Random) -> str:
    t = dt.datetime.combine(day, dt.time(rng.randrange(8, 23), rng.randrange(60), rng.randrange(60)))
    return t.strftime("%Y-%m-%dT%H:%M:%S+08:00")


class _Writer:
    def __init__(self, out: Path, manifest: SampleManifest) -> None:
        self.out, self.manifest = out, manifest

    def write(
        self,
        source: str,
        day: dt.date,
        name: str,
        data: bytes,
        rows: int,
        broken: list[int] | None = None,
        corrupt: bool = False,
        done: bool = False,
    ) -> None:
        (self.out / name).write_bytes(data)
        if done:
            (self.out / f"{name}.done").write_bytes(b"")
        self.manifest.files.append(FileWritten(source, day.isoformat(), name, rows, broken or [], corrupt))


def generate(
    out: Path, days: int = 7, persons: int = 200, seed: int = 7, start: dt.date = dt.date(2026, 11, 1)
) -> SampleManifest:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    people = make_people(persons, days, rng)
    manifest = SampleManifest(start=start, days=days)
    w = _Writer(out, manifest)
    truth = manifest.truth
    bound = [p for p in people if p.customer_id]
    manifest.family_pairs = [(a.pid, b.pid) for a, b in zip(bound[0:10:2], bound[1:10:2], strict=False)]

    junk = [
        ("U" + hashlib.md5(f"junk{j}".encode()).hexdigest(), "0900000000", "test@test.com") for j in range(3)
    ]
    order_seq = 0
    for d in range(days):
        day = start + dt.timedelta(days=d)
        stamp = day.strftime("%Y%m%d")
        active = [p for p in people if p.joined <= d]
        changed = active if d == 0 else [p for p in active if p.joined == d or rng.random() < 0.1]

        # LINE messaging platform contacts (MAAC)
        header = ["line_uid", "customer_id", "name", "phone", "email", "gender", "tags", "note", "updated_at"]
        rows = []
        for p in changed:
            for uid in filter(None, (p.line_uid, p.second_line_uid)):
                tags = ",".join(rng.sample(["vip", "0201_update", "coupon", "newsletter"], rng.randrange(3)))
                rows.append(
                    [
                        uid,
                        p.customer_id or "",
                        p.name,
                        _fmt_phone(p.phone, rng),
                        _messy_email(p.email, rng) if rng.random() < 0.9 else "",
                        {"M": "male", "F": "female"}[p.gender],
                        tags,
                        rng.choice(["", "", f"note from LINE d{d}"]),
                        _stamp(day, rng),
                    ]
                )
                truth[f"maac_contacts|{uid}"] = p.pid
        if d == 0:
            for uid, phone, email in junk:
                rows.append([uid, "", "測試帳號", phone, email, "unknown", "", "", _stamp(day, rng)])
                manifest.junk_records.append(f"maac_contacts|{uid}")
        good = len(rows)
        broken = []
        if d == 0:  # a row with a missing column
            rows.insert(2, ["U" + "f" * 32, "", "broken", "0911111111", "x@example.com", "male", "", ""])
            broken.append(4)
        w.write("maac_contacts", day, f"maac_contacts_{stamp}.csv", _csv_bytes(header, rows), good, broken)

        # conversation platform contacts (CAAC)
        header = [
            "line_uid",
            "customer_id",
            "connect_id",
            "display_name",
            "display_mobile",
            "display_email",
            "tags",
            "note",
            "last_message_time",
        ]
        rows = []
        for p in changed:
            if p.in_caac:
                rows.append(
                    [
                        p.line_uid,
                        p.customer_id or "",
                        f"CN-{p.pid[-5:]}",
                        p.name,
                        "+886" + p.phone[1:] if rng.random() < 0.5 else "",
                        p.email if rng.random() < 0.5 else "",
                        rng.choice(["", "客訴", "詢價"]),
                        rng.choice(["", "", "需要退貨"]),
                        _stamp(day, rng),
                    ]
                )
                truth[f"caac_contacts|{p.line_uid}"] = p.pid
        w.write("caac_contacts", day, f"caac_contacts_{stamp}.csv", _csv_bytes(header, rows), len(rows))

        # e-commerce members: Chinese headers, UTF-8 with BOM; cp950 on the second day
        header = [
            "會員編號",
            "姓名",
            "手機號碼",
            "電子信箱",
            "生日",
            "性別",
            "會員等級",
            "註冊日期",
            "累積消費金額",
            "訂閱電子報",
        ]
        rows = []
        for p in changed:
            if p.customer_id:
                rows.append(
                    [
                        p.customer_id,
                        p.name,
                        p.phone,
                        p.email,
                        p.birthday.strftime("%Y/%m/%d"),
                        {"M": "男", "F": "女"}[p.gender],
                        rng.choice(["一般會員", "金卡"]),
                        day.strftime("%Y/%m/%d 10:00:00"),
                        str(rng.randrange(0, 30000)),
                        rng.choice("YN"),
                    ]
                )
                truth[f"shop_members|{p.customer_id}"] = p.pid
        good, broken = len(rows), []
        if d == 0 and rows:  # an impossible birthday
            rows.append(
                [
                    "C9999999",
                    "壞資料",
                    "0922222222",
                    "bad@example.com",
                    "1990/13/45",
                    "男",
                    "一般會員",
                    "2026/11/01 10:00:00",
                    "0",
                    "N",
                ]
            )
            broken.append(len(rows) + 1)
        encoding = "cp950" if d == 1 else "utf-8-sig"
        w.write("shop_members", day, f"members_{stamp}.csv", _csv_bytes(header, rows, encoding), good, broken)

        # CRM contacts, gzip; the third day's file is cut short in transit
        header = [
            "contactid",
            "firstname",
            "lastname",
            "emailaddress1",
            "mobilephone",
            "gendercode",
            "new_membertier",
            "statecode",
            "modifiedon",
        ]
        rows = []
        for p in changed:
            if p.crm_id:
                rows.append(
                    [
                        p.crm_id,
                        p.name[1:] or p.name,
                        p.name[:1],
                        p.email.upper() if rng.random() < 0.2 else p.email,
                        "+886" + p.phone[1:],
                        {"M": "1", "F": "2"}[p.gender],
                        str(p.tier),
                        "0",
                        f"{day.isoformat()}T02:00:00Z",
                    ]
                )
        data = _gzip(_csv_bytes(header, rows))
        corrupt = d == 2
        if corrupt:
            data = data[: len(data) // 2]
        else:
            for p in changed:
                if p.crm_id:
                    truth[f"crm_contacts|{p.crm_id}"] = p.pid
        w.write(
            "crm_contacts",
            day,
            f"crm_contact_{stamp}.csv.gz",
            data,
            0 if corrupt else len(rows),
            corrupt=corrupt,
        )

        # orders: web orders carry the customer id, store orders only a phone
        header = [
            "order_id",
            "customer_id",
            "phone",
            "order_datetime",
            "line_no",
            "sku",
            "quantity",
            "unit_price",
            "currency",
            "order_total",
            "status",
            "channel",
        ]
        rows = []
        buyers = rng.sample(active, min(len(active), max(3, len(active) // 8)))
        for p in buyers:
            order_seq += 1
            oid = f"SO{stamp[2:]}{order_seq:05d}"
            store = p.customer_id is None or rng.random() < 0.3
            lines = rng.randrange(1, 3)
            prices = [rng.choice((300, 450, 1280, 2400)) for _ in range(lines)]
            status = rng.choices(["paid", "refunded"], [0.9, 0.1])[0]
            for ln, price in enumerate(prices, 1):
                rows.append(
                    [
                        oid,
                        "" if store else p.customer_id,
                        _fmt_phone(p.phone, rng) if store else "",
                        _stamp(day, rng),
                        str(ln),
                        f"SKU-{rng.randrange(1000, 9999)}",
                        "1",
                        str(price),
                        "TWD",
                        str(sum(prices)),
                        status,
                        "store" if store else "web",
                    ]
                )
                truth[f"orders|{oid}|{ln}"] = p.pid
        good, broken = len(rows), []
        if d == 1:  # an unparsable quantity
            rows.append(
                [
                    f"SO{stamp[2:]}99999",
                    "",
                    "0933333333",
                    _stamp(day, rng),
                    "1",
                    "SKU-1",
                    "two",
                    "100",
                    "TWD",
                    "100",
                    "paid",
                    "store",
                ]
            )
            broken.append(len(rows) + 1)
        w.write("orders", day, f"orders_{stamp}.csv.gz", _gzip(_csv_bytes(header, rows)), good, broken)

        # web-analytics segment feeds: md5 of the normalised email, .done marker after the data
        for seg in FEED_SEGMENTS:
            members = rng.sample(active, max(1, len(active) // 10))
            hashes = sorted({hashlib.md5(p.email.encode()).hexdigest() for p in members})
            hashes.append(hashlib.md5(f"nobody-{seg}-{d}@example.com".encode()).hexdigest())
            w.write(
                "web_segments",
                day,
                f"segment_{seg}_{stamp}.csv.gz",
                _gzip(_csv_bytes(["customer_no_md5"], [[h] for h in hashes])),
                len(hashes),
                done=True,
            )
    return manifest


def write_correction(out: Path, day: dt.date, manifest: SampleManifest) -> dict[str, str]:
    """Re-deliver `day`'s MAAC file under the same name with every note corrected, and one row
    dropped. Returns {line_uid: new note} for the rows now in the file."""
    name = f"maac_contacts_{day:%Y%m%d}.csv"
    lines = list(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"), newline="")))
    header, rows = lines[0], [r for r in lines[1:] if len(r) == len(lines[0])]
    rows = rows[1:]
    notes = {}
    for r in rows:
        r[7] = f"corrected note {r[0][-4:]}"
        notes[r[0]] = r[7]
    (out / name).write_bytes(_csv_bytes(header, rows))
    for f in manifest.files:
        if f.name == name:
            f.rows, f.broken_lines = len(rows), []
    return notes
