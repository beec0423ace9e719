"""The workbook's rows written as text (the fast path) are byte for byte what openpyxl's own
cells give: the same archive, for every kind of column and every awkward value a memo can hold
(markup characters, edge spaces, line breaks, a formula look-alike, an error code, empty text),
and for the demo compound's real workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zipfile import ZipFile

import openpyxl
import pytest
from openpyxl.utils.exceptions import IllegalCharacterError

from ledger.domain import workbook as wb
from ledger.domain.period import Month
from ledger.domain.rules import RuleBook
from ledger.domain.workbook import Column, ColumnKind, Row
from ledger.services.context import Context
from ledger.services.workbook_data import open_workbook
from ledger.store.database import Database
from reports import xlsx_rows
from reports.workbook import write_workbook

GENERATED = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
COLUMNS = (
    wb.text("文本"),
    wb.money("金额"),
    wb.date("日期"),
    wb.stamp("时间"),
    wb.integer("整数"),
    wb.number("数"),
    Column("任意", ColumnKind.ANY),
)
AWKWARD = (
    "a & b < c > d",
    "  前后空格 ",
    "多行\n第二行\r\n第三行\t制表",
    "=SUM(A1:A2)",
    "=",
    "#N/A",
    "",
    "引号 \"双\" '单'",
    "x" * 40_000,
)


def _rows() -> list[Row]:
    rows: list[Row] = []
    for i, memo in enumerate(AWKWARD):
        rows.append(
            (
                memo,
                Decimal(i * 37 - 100) / 100,
                dt.date(2023, 1, 1) + dt.timedelta(days=i),
                dt.datetime(2023, 1, 1, 8, 30, 15) + dt.timedelta(hours=i * 7, microseconds=i),
                i * 10**15,
                Decimal("1234.5") if i % 2 else i,
                (memo, Decimal("-0.01"), dt.date(2020, 2, 29), dt.datetime(1900, 2, 1), i)[i % 5],
            )
        )
    rows.append((None,) * len(COLUMNS))
    rows.append(("末行", None, None, None, None, None, None))
    return rows


def _book() -> wb.WorkbookData:
    rows = _rows()
    cover = wb.Cover(
        scope="测试",
        compounds=("测试",),
        first=Month(2023, 1),
        last=Month(2023, 2),
        generated_at=GENERATED,
        generated_by=None,
        heads=(),
        verify_ok=True,
        verify_entries=0,
        verify_findings=(),
        verify_digest="0" * 64,
    )
    sheets = (
        wb.SheetData("样例", COLUMNS, rows, len(rows)),
        wb.SheetData("空表", COLUMNS, [], 0),
    )
    return wb.WorkbookData(cover, sheets)


def _parts(path: Path) -> dict[str, bytes]:
    with ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _through_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every sheet take openpyxl's own cells, as it does when lxml is installed."""
    monkeypatch.setattr(xlsx_rows, "raw_writer", lambda xf: None)


def test_awkward_values_give_the_same_file_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = tmp_path / "fast.xlsx"
    assert write_workbook(_book(), fast) == {"封面": 13, "样例": len(AWKWARD) + 2, "空表": 0}
    with monkeypatch.context() as m:
        _through_cells(m)
        write_workbook(_book(), tmp_path / "cells.xlsx")
    assert _parts(fast) == _parts(tmp_path / "cells.xlsx")
    ws = openpyxl.load_workbook(fast)["样例"]
    memos = [ws.cell(r, 1).value for r in range(2, len(AWKWARD) + 2)]
    # XML reads a carriage return back as a line feed, whichever way the file was written
    assert memos[:3] == ["a & b < c > d", "  前后空格 ", "多行\n第二行\n第三行\t制表"]
    assert memos[3:7] == ["=SUM(A1:A2)", "=", "#N/A", None]
    assert ws.cell(3, 2).value == pytest.approx(-0.63) and ws.cell(3, 2).number_format == "#,##0.00"
    assert ws.cell(2, 4).value == dt.datetime(2023, 1, 1, 8, 30, 15)


def test_the_demo_workbook_is_the_same_file_either_way(
    demo_db: Path, rules: RuleBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(str(demo_db))
    ctx = Context(db=db, rules=rules, clock=lambda: GENERATED)  # the same moment both times

    def export(path: Path) -> dict[str, bytes]:
        with open_workbook(ctx, compound="迎宾花苑") as book:
            write_workbook(book, path)
        return _parts(path)

    try:
        fast = export(tmp_path / "fast.xlsx")
        _through_cells(monkeypatch)
        assert fast == export(tmp_path / "cells.xlsx")
    finally:
        db.dispose()


def test_a_control_character_is_refused_not_written(tmp_path: Path) -> None:
    book = _book()
    bad = wb.SheetData("坏", COLUMNS, [("响铃\x07", *(None,) * 6)], 1)
    with pytest.raises(IllegalCharacterError):
        write_workbook(wb.WorkbookData(book.cover, (bad,)), tmp_path / "bad.xlsx")
