"""Time: timestamps are stored in UTC and shown in local time (Asia/Shanghai).

Services take a `Clock` (a function returning an aware UTC datetime) so that the demo and the
tests produce the same books every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def local_today(clock: Clock = system_clock) -> dt.date:
    return clock().astimezone(LOCAL_TZ).date()


def to_local(ts: dt.datetime) -> dt.datetime:
    return as_utc(ts).astimezone(LOCAL_TZ)


def as_utc(ts: dt.datetime) -> dt.datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if ts.tzinfo is None:
        return ts.replace(tzinfo=dt.UTC)
    return ts.astimezone(dt.UTC)


def local_noon_utc(day: dt.date, minutes: int = 0) -> dt.datetime:
    """A fixed, plausible UTC timestamp during `day` in local time (for replayed histories)."""
    local = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=LOCAL_TZ)
    return (local + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)


def format_local(ts: dt.datetime) -> str:
    return to_local(ts).strftime("%Y-%m-%d %H:%M")
