"""Render the auditor workbook (审计工作簿) as xlsx, streaming, with openpyxl's write-only mode.

Each sheet is written row by row as its read model yields them (a street's ten years never
sit in memory), with: the header in row 1, frozen, with an auto-filter over the whole table;
money as numbers formatted `#,##0.00`, dates as dates, times as local date-times; widths
fitted to the header and the first rows (Chinese counted double); text that starts with `=`
stored as text, never as a formula. The cells themselves are `reports.xlsx_rows`'s, written as
text into openpyxl's stream (per-cell openpyxl objects cost seconds on ten years of books).

openpyxl's write-only sheets leave out the sheet dimension (`<dimension ref=…>`), which
makes readers scan the whole sheet to learn its size. The read model knows every sheet's row
count before the first row (`SheetData.count`), so each sheet declares its dimension up
front (the writer asks the sheet for `calculate_dimension`), and the count is checked
against the rows actually written: a mismatch aborts the export instead of leaving a cover
that says something the sheets do not.
"""

from __future__ import annotations

from contextlib import suppress
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from ledger.domain.errors import IntegrityError
from ledger.domain.workbook import SheetData, WorkbookData
from reports.xlsx_rows import write_rows
from reports.xlsx_style import finish, fit_widths, open_archive

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
    titles = [c.title for c in sheet.columns]
    kinds = [c.kind for c in sheet.columns]
    written = write_rows(ws, titles, kinds, chain(sample, rows))
    if written != sheet.count:
        raise IntegrityError(
            f"工作表「{sheet.name}」应有 {sheet.count} 行，实际读出 {written} 行："
            "导出期间账簿被改动或读取有误，已中止导出，请重试"
        )
    return written
