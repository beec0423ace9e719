"""The auditor workbook (审计工作簿) as plain data: sheets, their columns, their rows, the cover.

The services build it (`ledger.services.workbook_data`), `reports/` renders it as xlsx and
the csv export writes its journal; nothing here knows a database or a spreadsheet library.

What a `SheetData` promises its renderer:
- every row has one value per column, of the column's kind: TEXT `str`, MONEY `Decimal` yuan
  with two places (converted from integer fen at this edge), DATE `datetime.date`, DATETIME a
  naive local (Beijing) `datetime`, INT `int`, NUMBER `int` or `Decimal`; `None` is an empty
  cell. No float ever appears;
- `count` is how many rows `rows` yields, known BEFORE they are read (cheap COUNT queries), so
  the cover can state every sheet's size and each sheet can declare its dimension before it
  streams; the renderer checks the promise and refuses a file that breaks it;
- `rows` is read once, in order: long sheets are generators over a database cursor.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ledger.domain.clock import LOCAL_TZ
from ledger.domain.period import Month

Cell = str | int | Decimal | dt.date | dt.datetime | None
Row = tuple[Cell, ...]

COVER = "封面"
TRIAL_BALANCE = "科目余额表"
JOURNAL = "序时账"
LEDGERS = "明细账"
PROJECTS = "项目台账"
VOTES = "表决记录"
QUOTES = "比价记录"
SEALS = "用印登记"
AUDIT_TRAIL = "审批轨迹"
SIGNOFFS = "月结签字"
OPINIONS = "意见与异议"
COMPOUND_TITLE = "小区"


class ColumnKind(StrEnum):
    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"
    INT = "int"
    NUMBER = "number"
    ANY = "any"  # the cover's value column: each cell formatted by its own type


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = ColumnKind.TEXT
    width: int | None = None  # in character cells; None: fit the header and the first rows


def text(title: str, width: int | None = None) -> Column:
    return Column(title, ColumnKind.TEXT, width)


def money(title: str) -> Column:
    return Column(title, ColumnKind.MONEY)


def date(title: str) -> Column:
    return Column(title, ColumnKind.DATE)


def stamp(title: str) -> Column:
    return Column(title, ColumnKind.DATETIME)


def integer(title: str) -> Column:
    return Column(title, ColumnKind.INT)


def number(title: str) -> Column:
    return Column(title, ColumnKind.NUMBER)


@dataclass(frozen=True)
class SheetData:
    name: str
    columns: tuple[Column, ...]
    rows: Iterable[Row]
    count: int


@dataclass(frozen=True)
class ChainHead:
    """Where a compound's hash chain stood at the end of the period."""

    compound: str
    seq: int  # 0: nothing posted by then
    voucher: str | None
    hash: str


@dataclass(frozen=True)
class Cover:
    scope: str  # the compound, or the street and how many compounds
    compounds: tuple[str, ...]
    first: Month
    last: Month
    generated_at: dt.datetime  # aware UTC; shown in local time
    generated_by: str | None  # display name of the logged-in user, if any
    heads: tuple[ChainHead, ...]
    verify_ok: bool
    verify_entries: int
    verify_findings: tuple[str, ...]
    verify_digest: str


@dataclass(frozen=True)
class WorkbookData:
    cover: Cover
    sheets: tuple[SheetData, ...]  # the data sheets, in order; the cover comes first

    def all_sheets(self) -> tuple[SheetData, ...]:
        return (cover_sheet(self.cover, self.sheets), *self.sheets)


COVER_COLUMNS = (text("项目"), Column("内容", ColumnKind.ANY), text("说明"))


def cover_sheet(cover: Cover, sheets: Iterable[SheetData]) -> SheetData:
    """The cover as a three-column table: what, value, note. Counts come from the sheets."""
    local = cover.generated_at.astimezone(LOCAL_TZ).replace(tzinfo=None)
    rows: list[Row] = [
        ("工作簿", "公共收益明白账 审计工作簿", "经济责任审计统一规范：同一期间导出内容相同"),
        ("范围", cover.scope, "、".join(cover.compounds)),
        ("期间", f"{cover.first.label}至{cover.last.label}", f"{cover.first}—{cover.last}"),
        ("期间起", cover.first.first_day, None),
        ("期间止", cover.last.last_day, None),
        ("生成时间", local, "北京时间"),
        ("生成人", cover.generated_by or "（未登录）", None),
    ]
    for head in cover.heads:
        note = f"截至第 {head.seq} 号凭证 {head.voucher}" if head.voucher else "期末前无已过账凭证"
        rows.append(
            (f"哈希链头：{head.compound}", head.hash, f"期末（{cover.last.last_day}）{note}")
        )
    verdict = "通过" if cover.verify_ok else f"未通过：{len(cover.verify_findings)} 处问题"
    rows.append(("校验结果（verify）", verdict, "；".join(cover.verify_findings[:5]) or None))
    rows.append(("校验凭证数", cover.verify_entries, None))
    rows.append(("校验摘要", cover.verify_digest, "全部哈希链头的摘要，相同即账簿与审计日志相同"))
    for sheet in sheets:
        rows.append((f"行数：{sheet.name}", sheet.count, "不含表头"))
    rows.append(("说明", "金额单位：元", "余额借方为正、贷方为负；时间均为北京时间"))
    return SheetData(COVER, COVER_COLUMNS, rows, len(rows))


def display_width(value: str) -> int:
    """Character cells `value` takes on screen: Chinese (wide) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def yes_no(flag: bool) -> str:
    return "是" if flag else "否"
