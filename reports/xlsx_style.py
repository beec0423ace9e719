"""What every xlsx we write shares: number formats, the header look, column widths that fit
Chinese text, and saving with fixed document properties.

- Numbers are stored as numbers with a fixed format (`#,##0.00` for money), dates as dates
  (`yyyy-mm-dd`), times as local date-times; never as text.
- Widths count a Chinese character as two cells (`display_width`), from the header and the
  first rows, capped so a long memo does not push everything else off the screen.
- openpyxl stamps `modified` with the current time on `save`; `save_fixed` writes the same
  archive with `created` and `modified` set to the moment the data was generated, so the same
  data gives the same document properties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from ledger.domain.workbook import Cell, Column, ColumnKind, display_width

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
FORMATS = {
    ColumnKind.MONEY: MONEY_FORMAT,
    ColumnKind.DATE: DATE_FORMAT,
    ColumnKind.DATETIME: DATETIME_FORMAT,
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center")
WIDTH_MAX = 60
FILTER_BUTTON = 3  # the header's drop-down arrow takes about this many cells
CREATOR = "公共收益明白账"


def kind_of(value: Cell) -> ColumnKind:
    """How a value of a free (ANY) column is formatted, by its own type."""
    if isinstance(value, Decimal):
        return ColumnKind.MONEY
    if isinstance(value, dt.datetime):
        return ColumnKind.DATETIME
    if isinstance(value, dt.date):
        return ColumnKind.DATE
    return ColumnKind.TEXT


def shown_width(value: Cell) -> int:
    """Character cells a value takes once formatted in its column."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((display_width(line) for line in value.splitlines()), default=0)
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def fit_widths(columns: Sequence[Column], sample: Sequence[Sequence[Cell]]) -> list[int]:
    widths = []
    for i, column in enumerate(columns):
        header = display_width(column.title) + FILTER_BUTTON
        if column.width is not None:
            widths.append(max(column.width, header))
            continue
        data = max((shown_width(row[i]) for row in sample), default=0)
        widths.append(min(max(header, data + 2), WIDTH_MAX))
    return widths


def open_archive(path: Path) -> ZipFile:
    """The xlsx archive, opened first so a target that cannot be written fails at once."""
    return ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)


def finish(book: Workbook, archive: ZipFile, *, at: dt.datetime, title: str) -> None:
    """Write `book` into `archive` with its created/modified properties set to `at`."""
    stamp = at.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    props: Any = book.properties
    props.creator = CREATOR
    props.title = title
    props.created = stamp
    props.modified = stamp
    props.lastModifiedBy = None
    ExcelWriter(book, archive).save()  # closes the archive


def save_fixed(book: Workbook, path: Path, *, at: dt.datetime, title: str) -> None:
    with open_archive(path) as archive:
        finish(book, archive, at=at, title=title)
