"""Hand-built deliveries for the identity tests: a project whose maac_contacts and orders files
are written by the test, ingested for real, and resolved with the identity engine."""

import csv
import datetime as dt
import gzip
import io

import duckdb

from assets.identity import build_identity_days
from assets.ingest import ingest_source_day
from assets.warehouse_setup import prepare_warehouse
from resources.landing import LandingZones
from resources.project_config import load_config

D1, D2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
MAAC = ["line_uid", "customer_id", "name", "phone", "email", "gender", "note", "updated_at"]
CAAC = ["line_uid", "display_name", "display_mobile", "display_email", "note", "last_message_time"]
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
        self, day: dt.date, contacts: list[dict], orders: list[dict] = (), caac: list[dict] = ()
    ) -> None:
        for name, header, rows in (
            (f"maac_contacts_{day:%Y%m%d}.csv", MAAC, contacts),
            (f"orders_{day:%Y%m%d}.csv.gz", ORDERS, orders),
            (f"caac_contacts_{day:%Y%m%d}.csv", CAAC, caac),
        ):
            if name.startswith("caac") and not rows:
                continue
            buf = io.StringIO()
            writer = csv.DictWriter(buf, header, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        "updated_at": f"{day}T10:00:00+08:00",
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

    def run(self, *days: dt.date) -> list[dict]:
        out = []
        with duckdb.connect(str(self.project.settings.warehouse)) as con:
            prepare_warehouse(con, self.cfg)
            # as in a single-run backfill: the window's files load first, then identity per day
            for day in days:
                for source in ("maac_contacts", "orders", "caac_contacts"):
                    ingest_source_day(con, self.landing, self.cfg, source, day)
            for day in days:
                out.append(build_identity_days(con, self.cfg, [day])[day])
        return out

    def profiles(self, day: dt.date) -> dict[str, str]:
        return dict(
            self.project.sql(
                "SELECT record_id, profile_id FROM identity.record_profiles_daily WHERE day = ?", [day]
            )
        )
