"""Render the auditor workbook (审计工作簿) as xlsx, streaming, with openpyxl's write-only mode.

Each sheet is written row by row as its read model yields them (a street's ten years never
sit in memory), with: the header in row 1, frozen, with an auto-filter over the whole table;
money as numbers formatted `#,##0.00`, dates as dates, times as local date-times; widths
fitted to the header and the first rows (Chinese counted double); text that starts with `=`
stored as text, never as a formula.

openpyxl's write-only sheets leave out the sheet dimension (`<dimension ref=…>`), which
makes readers scan the whole sheet to learn its size. The read model knows every sheet's row
count before the first row (`SheetData.count`), so each sheet declares its dimension up
front (the writer asks the sheet for `calculate_dimension`), and the count is checked
against the rows actually written: a mismatch aborts the export instead of leaving a cover
that says something the sheets do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from copy import copy
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from ledger.domain.errors import IntegrityError
from ledger.domain.workbook import Cell, ColumnKind, SheetData, WorkbookData
from reports.xlsx_style import (
    FORMATS,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    finish,
    fit_widths,
    kind_of,
    open_archive,
)

SAMPLE_ROWS = 200


def write_workbook(book: WorkbookData, path: Path) -> dict[str, int]:
    """Write the workbook to `path`; returns the rows written per sheet (headers excluded)."""
    workbook = Workbook(write_only=True)
    cover = book.cover
    title = f"{cover.scope} 审计工作簿 {cover.first}—{cover.last}"
    with open_archive(path) as archive:
        try:
            written = {sheet.name: write_sheet(workbook, sheet) for sheet in book.all_sheets()}
            finish(workbook, archive, at=cover.generated_at, title=title)
        except BaseException:
            _discard(workbook)
            raise
    return written


def _discard(workbook: Workbook) -> None:
    """Close and remove the sheets' temporary files after a failed export."""
    for ws in workbook.worksheets:
        writer: Any = ws._writer
        with suppress(Exception):
            if not ws.closed:
                ws.close()
        with suppress(Exception):
            if writer is not None:
                writer.cleanup()


def write_sheet(workbook: Workbook, sheet: SheetData) -> int:
    ws: Any = workbook.create_sheet(sheet.name)
    rows = iter(sheet.rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    for i, width in enumerate(fit_widths(sheet.columns, sample), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ref = f"A1:{get_column_letter(len(sheet.columns))}{sheet.count + 1}"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ref
    ws.calculate_dimension = lambda: ref
    cells = _Cells(ws)
    ws.append([cells.header(c.title) for c in sheet.columns])
    kinds = [c.kind for c in sheet.columns]
    written = 0
    for row in chain(sample, rows):
        ws.append(list(cells.row(kinds, row)))
        written += 1
    if written != sheet.count:
        raise IntegrityError(
            f"工作表「{sheet.name}」应有 {sheet.count} 行，实际读出 {written} 行："
            "导出期间账簿被改动或读取有误，已中止导出，请重试"
        )
    return written


class _Cells:
    """Cells for one write-only sheet; styled cells copy a prototype's style (cheap)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.styles: dict[ColumnKind, Any] = {}
        for kind, number_format in FORMATS.items():
            proto = WriteOnlyCell(ws)
            proto.number_format = number_format
            self.styles[kind] = proto._style

    def header(self, title: str) -> Any:
        cell = WriteOnlyCell(self.ws, title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        return cell

    def row(self, kinds: list[ColumnKind], values: tuple[Cell, ...]) -> Iterator[Any]:
        for kind, value in zip(kinds, values, strict=True):
            if value is None:
                yield None
                continue
            if kind is ColumnKind.ANY:
                kind = kind_of(value)
            style = self.styles.get(kind)
            if style is not None:
                cell = WriteOnlyCell(self.ws, value)
                cell._style = copy(style)
                yield cell
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(self.ws, value)
                cell.data_type = "s"  # a memo that looks like a formula stays text
                yield cell
            else:
                yield value
