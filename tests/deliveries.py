"""Hand-built deliveries for the identity tests: a project whose maac_contacts and orders files
are written by the test, ingested for real, and resolved with the identity engine."""

import csv
import datetime as dt
import gzip
import io
import random

import duckdb
import yaml

from assets.identity import build_identity_days
from assets.ingest import ingest_source_day
from assets.warehouse_setup import prepare_warehouse
from resources.landing import LandingZones
from resources.project_config import load_config
from tests.conftest import make_project

D1, D2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
MAAC = ["line_uid", "customer_id", "name", "phone", "email", "gender", "note", "updated_at"]
CAAC = ["line_uid", "display_name", "display_mobile", "display_email", "note", "last_message_time"]
CRM = ["contactid", "firstname", "lastname", "emailaddress1", "mobilephone", "new_membertier", "modifiedon"]
ORDERS = ["order_id", "customer_id", "phone", "order_datetime", "line_no", "order_total", "status"]


def uid(n: int) -> str:
    return "U" + f"{n:032x}"


def phone(n: int) -> str:
    return f"0912{n:06d}"


class Graph:
    def __init__(self, project):
        self.project = project
        self.cfg = load_config(project.settings.config_dir)
        self.landing = LandingZones(archive_dir=str(project.root / "archive"))
        self.project.landing.mkdir(parents=True, exist_ok=True)

    def deliver(
        self,
        day: dt.date,
        contacts: list[dict],
        orders: list[dict] = (),
        caac: list[dict] = (),
        crm: list[dict] = (),
    ) -> None:
        """The day's maac_contacts and orders files, and caac / CRM contacts files when given."""
        for name, header, rows in (
            (f"maac_contacts_{day:%Y%m%d}.csv", MAAC, contacts),
            (f"orders_{day:%Y%m%d}.csv.gz", ORDERS, orders),
            (f"caac_contacts_{day:%Y%m%d}.csv", CAAC, caac),
            (f"crm_contact_{day:%Y%m%d}.csv.gz", CRM, crm),
        ):
            if name.startswith(("caac", "crm")) and not rows:
                continue
            buf = io.StringIO()
            writer = csv.DictWriter(buf, header, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        "updated_at": f"{day}T10:00:00+08:00",
                        "modifiedon": f"{day}T09:00:00+08:00",
                        "order_datetime": f"{day}T10:00:00+08:00",
                        "line_no": "1",
                        "order_total": "100",
                        "status": "paid",
                        **row,
                    }
                )
            data = buf.getvalue().encode()
            if name.endswith(".gz"):
                data = gzip.compress(data)
            (self.project.landing / name).write_bytes(data)

    def deliver_feed(self, day: dt.date, segment: str, hashes: list[str]) -> None:
        """A web-analytics feed file (md5 customer numbers) with its .done marker."""
        name = f"segment_{segment}_{day:%Y%m%d}.csv.gz"
        body = "customer_no_md5\n" + "".join(f"{h}\n" for h in hashes)
        (self.project.landing / name).write_bytes(gzip.compress(body.encode()))
        (self.project.landing / (name + ".done")).write_bytes(b"")

    def run(self, *days: dt.date, sources=("maac_contacts", "orders", "caac_contacts")) -> list[dict]:
        out = []
        with duckdb.connect(str(self.project.settings.warehouse)) as con:
            prepare_warehouse(con, self.cfg)
            # as in a single-run backfill: the window's files load first, then identity per day
            for day in days:
                for source in sources:
                    ingest_source_day(con, self.landing, self.cfg, source, day)
            for day in days:
                out.append(build_identity_days(con, self.cfg, [day])[day])
        return out

    def run_through_segments(self, *days: dt.date) -> None:
        """Ingest (feeds too), identity, profiles and segments of `days`, in order."""
        from assets.profile import build_profile_days
        from assets.segments import build_segments_day

        self.run(*days, sources=("maac_contacts", "orders", "caac_contacts", "crm_contacts", "web_segments"))
        with duckdb.connect(str(self.project.settings.warehouse)) as con:
            prepare_warehouse(con, self.cfg)
            build_profile_days(con, self.cfg, list(days))
            for day in days:
                build_segments_day(con, self.cfg, day)

    def profiles(self, day: dt.date) -> dict[str, str]:
        return dict(
            self.project.sql(
                "SELECT n.record_id, rp.profile_id FROM identity.record_profiles_daily AS rp "
                "JOIN raw.record_numbers AS n USING (record_no) WHERE rp.day = ?",
                [day],
            )
        )


DAYS = [D1 + dt.timedelta(days=i) for i in range(8)]


# emails that cannot be used: blocklisted (any spelling) or not an address
JUNK_EMAILS = {0: "test@example.com", 20: " Test@Example.com", 1: "e1@example", 21: "e21 at example.com"}


def random_deliveries(seed: int, sparse: bool = False) -> dict[dt.date, tuple[list[dict], list[dict]]]:
    """Eight days of contacts over a small key space (shared emails and phones, family phones with
    two customer ids, a phone that crosses the records cap, a blocklisted and an invalid email),
    with records updated on later days.
    `sparse`: fewer records a day over more emails and customer ids (half the records hold one),
    keys only, and any record liable to an update: a change often reaches records that nothing
    else delivered that day touches."""
    rng = random.Random(seed)
    emails, with_email, phones, usual_phone = (60, 0.5, 25, 0.95) if sparse else (40, 0.6, 30, 0.9)
    customers, with_customer = (30, 0.5) if sparse else (20, 0.3)
    out, known = {}, []

    def contact(n: int) -> dict:
        row = {"line_uid": uid(n)}
        if rng.random() < with_email:
            e = rng.randrange(emails)
            row["email"] = JUNK_EMAILS.get(e, f"e{e}@example.com")
        if rng.random() < 0.6:
            row["phone"] = phone(rng.randrange(phones)) if rng.random() < usual_phone else phone(999)
        if rng.random() < with_customer:
            row["customer_id"] = f"C{rng.randrange(customers)}"
        if not sparse:
            row["name"] = rng.choice(["Ming", "Mei", "Hsu", ""])
            row["gender"] = rng.choice(["male", "female", "unknown", "robot", ""])
            row["note"] = rng.choice(["", "", "vip", "likes tea"])
        row["updated_at"] = (
            f"{DAYS[0] + dt.timedelta(days=rng.randrange(8))}T{rng.randrange(24):02d}:00:00+08:00"
        )
        return row

    for i, day in enumerate(DAYS):
        rows = {}
        for _ in range(rng.randrange(*((3, 10) if sparse else (10, 25)))):
            n = len(known)
            known.append(n)
            rows[n] = contact(n)
        if sparse:
            updated = rng.sample(known, k=min(rng.randrange(1, 6), len(known)))
        else:
            updated = rng.sample(known[: max(1, len(known) - 5)], k=min(6, len(known) - 1))
        for n in updated:
            rows[n] = contact(n)  # an update of an older record: its keys change
        orders = [
            {
                "order_id": f"O{i}-{k}",
                "customer_id": f"C{rng.randrange(customers)}",
                "phone": phone(rng.randrange(phones)),
            }
            for k in range(2 if sparse else 5)
        ]
        out[day] = (list(rows.values()), orders)
    return out


def graph_for(root, monkeypatch, cap: int = 6) -> Graph:
    monkeypatch.setenv("CDH_LANDING", str(root / "landing"))
    project = make_project(root)
    path = project.root / "config" / "identity.yaml"
    identity = yaml.safe_load(path.read_text())
    for key in identity["keys"]:
        if key["name"] == "phone":
            key["cap"]["records"] = cap
    path.write_text(yaml.safe_dump(identity))
    return Graph(project)


def loaded(root, monkeypatch, deliveries) -> Graph:
    """A project with the deliveries landed and ingested (identity not run yet)."""
    graph = graph_for(root, monkeypatch)
    for day, (contacts, orders) in deliveries.items():
        graph.deliver(day, contacts, orders)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        for day in deliveries:
            for source in ("maac_contacts", "orders"):
                ingest_source_day(con, graph.landing, graph.cfg, source, day)
    return graph
