"""Dates and counts as a notice writes them: 2023年4月24日, not 2023-04-24."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date | None, *, blank: str = "____年__月__日") -> str:
    """`2023年4月24日`; `blank` (a line to write the date on) when there is no date."""
    if day is None:
        return blank
    return f"{day.year}年{day.month}月{day.day}日"


def cn_span(first: dt.date, last: dt.date) -> str:
    """`2023年4月24日至4月30日` (the year and month are not repeated when they are the same)."""
    if first.year != last.year:
        end = cn_date(last)
    elif first.month != last.month:
        end = f"{last.month}月{last.day}日"
    else:
        end = f"{last.day}日"
    return f"{cn_date(first)}至{end}"
