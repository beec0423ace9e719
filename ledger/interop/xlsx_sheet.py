"""Open an xlsx file and hand over the journal sheet's header and rows as plain values.

- The sheet read is 序时账 when the file has one, else the first sheet; its header is the
  first of the first ten rows that names at least three journal columns, so a title row
  above the table does no harm. Columns are found by their header text
  (`journal_layout.canonical_header`); other columns are ignored.
- Formulas: a cell holding a formula is read as the value Excel or WPS last computed and
  saved with it; a formula without one (a file written by a program that computes nothing)
  is reported, never read as empty.
- Rows are read in read-only mode (streamed), and returned with their sheet row numbers.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ledger.domain import journal_layout as layout
from ledger.domain.errors import InvalidInput, Problem
from ledger.domain.workbook import JOURNAL

HEADER_SEARCH_ROWS = 10
NO_CACHED_VALUE = object()  # a formula cell saved without its computed value


@dataclass(frozen=True)
class SheetTable:
    sheet: str
    header_row: int
    columns: dict[str, int]  # journal column → 1-based column number
    rows: list[tuple[int, list[Any]]]  # (sheet row number, values by column number - 1)
    problems: list[tuple[tuple[int, int], Problem]]

    def address(self, row: int, column: str) -> str:
        return cell_address(self.sheet, row, self.columns[column])

    def value(self, values: list[Any], column: str) -> Any:
        index = self.columns.get(column)
        if index is None or index > len(values):
            return None
        return values[index - 1]


def cell_address(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


def read_table(data: bytes) -> SheetTable:
    sheet, rows, formulas = _rows(data, data_only=False)
    if formulas:
        _, computed, _ = _rows(data, data_only=True)
        cached, current = dict(computed), dict(rows)
        for row, column in formulas:
            values = cached.get(row, [])
            value = values[column - 1] if column <= len(values) else None
            current[row][column - 1] = NO_CACHED_VALUE if value is None else value
    return _table(sheet, rows)


def _rows(
    data: bytes, *, data_only: bool
) -> tuple[str, list[tuple[int, list[Any]]], list[tuple[int, int]]]:
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise InvalidInput(
            "文件不是有效的 .xlsx 工作簿：请在 Excel 或 WPS 中「另存为」Excel 工作簿（*.xlsx）"
        ) from err
    try:
        ws = book[JOURNAL] if JOURNAL in book.sheetnames else book.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        formulas: list[tuple[int, int]] = []
        for number, cells in enumerate(ws.iter_rows(), 1):
            values = []
            for column, cell in enumerate(cells, 1):
                if getattr(cell, "data_type", None) == "f":
                    formulas.append((number, column))
                values.append(cell.value)
            rows.append((number, values))
        return ws.title, rows, formulas
    finally:
        book.close()


def _table(sheet: str, rows: list[tuple[int, list[Any]]]) -> SheetTable:
    problems: list[tuple[tuple[int, int], Problem]] = []
    header_row, columns = _header(rows[:HEADER_SEARCH_ROWS])
    if header_row == 0:
        problems.append(
            (
                (1, 1),
                Problem(
                    cell_address(sheet, 1, 1),
                    "找不到表头：第一行应是「日期、凭证号、科目代码、摘要、借方、贷方」等列名"
                    "（可用 `python main.py export template` 生成模板）",
                ),
            )
        )
        return SheetTable(sheet, 0, {}, [], problems)
    header_values = dict(rows)[header_row]
    seen: dict[str, int] = {}
    for column, title in enumerate(header_values, 1):
        name = layout.canonical_header(title)
        if name is None:
            continue
        if name in seen:
            first = get_column_letter(seen[name])
            message = f"列「{name}」重复：第 {first} 列已经是「{name}」"
            problems.append(
                ((header_row, column), Problem(cell_address(sheet, header_row, column), message))
            )
        else:
            seen[name] = column
    for name in layout.REQUIRED:
        if name not in columns:
            where = cell_address(sheet, header_row, 1)
            problems.append(((header_row, 0), Problem(where, f"表头缺少「{name}」列")))
    data = [(n, values) for n, values in rows if n > header_row]
    return SheetTable(sheet, header_row, columns, data, problems)


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]]:
    for number, values in rows:
        columns: dict[str, int] = {}
        for column, title in enumerate(values, 1):
            name = layout.canonical_header(title)
            if name is not None and name not in columns:
                columns[name] = column
        if len(columns) >= 3:
            return number, columns
    return 0, {}
