"""Read a journal kept in Excel (laid out like the workbook's 序时账) into entries our books can
take, or every bad cell with its address.

Invariants kept here, as for the beancount import:
- nothing is half-read: `parse_xlsx` returns the entries AND every problem it found, each
  located as `工作表!列行` (`序时账!F7`), or as the rows of one voucher when the voucher as a
  whole is wrong (unbalanced, one line only); the caller applies nothing when there is any;
- amounts become integer fen exactly, or are refused (see `xlsx_cells`);
- rows are grouped into entries by the 凭证号 column (a group number or an old voucher
  number: rows with the same value are one entry, wherever they are); the entry's date,
  project, category and hash must agree between its rows (later rows may leave them blank);
  its memo is the first 摘要 given; a row whose 摘要 differs from it, or that has a 行摘要,
  gives its line that memo;
- every entry carries an import key: its 凭证哈希 (what our export writes) when that is a
  SHA-256, else the SHA-256 of its canonical content and its occurrence in the file — the
  same form the beancount import uses;
- entries come back in date order, ties in the order of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.domain import journal_layout as col
from ledger.domain.account import Account
from ledger.domain.entry import Line, check_lines, check_text
from ledger.domain.errors import LedgerError, Problem
from ledger.domain.rules import IncomeCategory
from ledger.interop import xlsx_cells as cells
from ledger.interop.xlsx_rows import Located, RowReader, SheetRow
from ledger.interop.xlsx_sheet import read_table


@dataclass(frozen=True)
class SheetEntry:
    rows: tuple[int, ...]
    where: str  # the entry's rows, as a person finds them
    date: dt.date
    memo: str
    lines: tuple[Line, ...]
    key: str
    category: str | None = None
    project_id: int | None = None
    date_cell: str = ""
    project_cell: str = ""

    @property
    def kind(self) -> str:
        return "income" if self.category else "general"


@dataclass(frozen=True)
class ParsedSheet:
    sheet: str
    entries: tuple[SheetEntry, ...]
    located: tuple[Located, ...]  # in row, then column order

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for _, p in self.located)


def parse_xlsx(
    data: bytes, *, chart: Sequence[Account], categories: Collection[IncomeCategory], compound: str
) -> ParsedSheet:
    table = read_table(data)
    reader = RowReader(table, chart, categories, compound)
    if table.problems:
        return ParsedSheet(table.sheet, (), tuple(sorted(reader.found, key=lambda p: p[0])))
    groups: dict[str, list[SheetRow]] = {}
    for number, values in table.rows:
        row = SheetRow(number, {name: table.value(values, name) for name in table.columns})
        if all(cells.is_blank(v) for v in row.values.values()):
            continue
        reader.read_row(row)
        group = row.got.get("group")
        if group is not None:
            groups.setdefault(group, []).append(row)
    keys = _Keys()
    entries = []
    for group, rows in groups.items():
        entry = None if any(r.bad for r in rows) else _entry(reader, group, rows, keys)
        if entry is not None:
            entries.append(entry)
    located = tuple(sorted(reader.found, key=lambda p: p[0]))
    ordered = tuple(sorted(entries, key=lambda e: (e.date, e.rows[0])))
    return ParsedSheet(table.sheet, ordered, located)


def _agreed(
    reader: RowReader, rows: list[SheetRow], name: str, column: str, group: str
) -> tuple[Any, int]:
    """The one value rows of a group give for `name` (None if none), and the row it came from."""
    first: tuple[Any, int] = (None, rows[0].number)
    for r in rows:
        value = r.got.get(name)
        if value is None:
            continue
        if first[0] is None:
            first = (value, r.number)
        elif value != first[0]:
            reader.problem(
                r.number,
                column,
                f"同一张凭证（凭证号 {group}）的{column}不一致：第 {first[1]} 行是「{first[0]}」，这一行是「{value}」",
            )
            return None, -1
    return first


def _entry(reader: RowReader, group: str, rows: list[SheetRow], keys: _Keys) -> SheetEntry | None:
    mark = len(reader.found)
    numbers = tuple(r.number for r in rows)
    where = f"{reader.table.sheet} {_span(numbers)}（凭证号 {group}）"
    date, date_row = _agreed(reader, rows, "date", col.DATE, group)
    if date is None and date_row != -1:
        reader.problem(rows[0].number, col.DATE, "日期为空：同一张凭证至少在一行填写日期")
    project, project_row = _agreed(reader, rows, "project", col.PROJECT, group)
    category, _ = _agreed(reader, rows, "category", col.CATEGORY, group)
    digest, digest_row = _agreed(reader, rows, "hash", col.HASH, group)
    memo_row = next((r for r in rows if r.got["memo"]), None)
    memo = ""
    if memo_row is None:
        reader.problem(rows[0].number, col.MEMO, "摘要为空：同一张凭证至少在一行填写摘要")
    else:
        memo = _text(reader, memo_row.number, col.MEMO, memo_row.got["memo"], "摘要", True)
    lines = []
    for r in rows:
        own = r.got["line_memo"] or (r.got["memo"] if r.got["memo"] != memo else "")
        column = col.LINE_MEMO if r.got["line_memo"] else col.MEMO
        lines.append(
            Line(r.got["code"], r.got["fen"], _text(reader, r.number, column, own, "行摘要", False))
        )
    if len(reader.found) > mark:
        return None
    try:
        check_lines(lines)
    except LedgerError as err:
        reader.found.append(((numbers[0], 0), Problem(where, err.message)))
        return None
    key = keys.key(reader, date, memo, lines, digest, digest_row)
    if key is None:
        return None
    return SheetEntry(
        rows=numbers,
        where=where,
        date=date,
        memo=memo,
        lines=tuple(lines),
        key=key,
        category=category,
        project_id=project,
        date_cell=reader.table.address(date_row, col.DATE),
        project_cell=reader.table.address(project_row, col.PROJECT) if project else "",
    )


def _text(reader: RowReader, row: int, column: str, value: str, name: str, required: bool) -> str:
    try:
        return check_text(value, field=name, required=required)
    except LedgerError as err:
        reader.problem(row, column, err.message)
        return ""


def _span(rows: tuple[int, ...]) -> str:
    if rows == tuple(range(rows[0], rows[-1] + 1)):
        return f"第 {rows[0]} 行" if len(rows) == 1 else f"第 {rows[0]}—{rows[-1]} 行"
    return "第 " + "、".join(map(str, rows)) + " 行"


@dataclass
class _Keys:
    hashes: dict[str, int] = field(default_factory=dict)  # 凭证哈希 → the row it came from
    contents: dict[str, int] = field(default_factory=dict)  # canonical content → occurrences

    def key(
        self,
        reader: RowReader,
        date: dt.date,
        memo: str,
        lines: list[Line],
        digest: str | None,
        row: int,
    ) -> str | None:
        if digest is not None:
            if digest in self.hashes:
                reader.problem(row, col.HASH, f"凭证哈希与第 {self.hashes[digest]} 行的凭证重复")
                return None
            self.hashes[digest] = row
            return digest
        content = [str(date), memo, [[x.account_code, x.amount_fen, x.memo] for x in lines]]
        canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        occurrence = self.contents.get(canonical, 0) + 1
        self.contents[canonical] = occurrence
        return hashlib.sha256(f"{canonical}#{occurrence}".encode()).hexdigest()
