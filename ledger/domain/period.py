"""Calendar months, dates as treasurers type them, and voucher numbers.

Entry dates are local (Asia/Shanghai) calendar dates; a voucher number is
`{prefix}-{YYYY}-{MM}-{seq:04d}`, consecutive per compound per month (invariant 5).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ledger.domain.errors import InvalidDate, InvalidInput

MIN_YEAR = 2000
MAX_YEAR = 2100
_MONTH_RE = re.compile(r"^(\d{4})[-/年](\d{1,2})月?$")
_DATE_RE = re.compile(r"^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$")
_VOUCHER_RE = re.compile(r"^(.+)-(\d{4})-(\d{2})-(\d{4,})$")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12 and MIN_YEAR <= self.year <= MAX_YEAR):
            raise InvalidDate(f"月份「{self.year:04d}-{self.month:02d}」不存在")

    @classmethod
    def parse(cls, text: str, *, field: str = "月份") -> Month:
        m = _MONTH_RE.match(_clean(text or ""))
        if not m:
            raise InvalidDate(f"{field}「{text}」格式有误：请写成 YYYY-MM，如 2025-06", field=field)
        year, month = int(m.group(1)), int(m.group(2))
        if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
            raise InvalidDate(f"{field}「{text}」不存在", field=field)
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def prev(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included."""
    out: list[Month] = []
    m = first
    while m <= last:
        out.append(m)
        m = m.next()
    return out


def parse_date(text: str, *, field: str = "日期") -> dt.date:
    """A calendar date as typed: 2025-06-01, 2025/6/1 or 2025年6月1日 (full-width digits too)."""
    m = _DATE_RE.match(_clean(text or ""))
    if not m:
        raise InvalidDate(
            f"{field}「{text}」格式有误：请写成 YYYY-MM-DD，如 2025-06-01", field=field, text=text
        )
    year, month, day = (int(g) for g in m.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise InvalidDate(f"{field}「{text}」不存在", field=field, text=text) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidDate(f"{field}「{text}」超出范围（{MIN_YEAR}—{MAX_YEAR} 年）", field=field)
    return value


def voucher_number(prefix: str, month: Month, seq: int) -> str:
    return f"{prefix}-{month.year:04d}-{month.month:02d}-{seq:04d}"


def parse_voucher(text: str) -> tuple[str, Month, int]:
    """Split `记-2025-06-0001` into prefix, month and sequence."""
    m = _VOUCHER_RE.match(_clean(text or ""))
    if not m:
        raise InvalidInput(f"凭证号「{text}」格式有误：应形如 记-2025-06-0001", text=text)
    try:
        month = Month(int(m.group(2)), int(m.group(3)))
    except InvalidDate:
        raise InvalidInput(f"凭证号「{text}」里的月份不存在", text=text) from None
    return m.group(1), month, int(m.group(4))
