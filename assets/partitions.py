"""The daily partitions every stage shares: one partition per delivery day."""

from __future__ import annotations

import datetime as dt

import dagster as dg


def daily_partitions(start_date: dt.date, timezone: str) -> dg.DailyPartitionsDefinition:
    return dg.DailyPartitionsDefinition(start_date=start_date.isoformat(), timezone=timezone)


def window_days(context: dg.AssetExecutionContext) -> list[dt.date]:
    """Every day of the run's partition window (one day, or a whole single-run backfill)."""
    window = context.partition_time_window
    first, last = window.start.date(), window.end.date()
    return [first + dt.timedelta(days=i) for i in range((last - first).days)]
