"""The rows of one write-only sheet: each value as the cell the workbook promises, streamed.

The look of a cell follows its column (`ColumnKind`): money `#,##0.00`, dates `yyyy-mm-dd`,
times `yyyy-mm-dd hh:mm:ss`, text that starts with `=` stored as text, never as a formula;
an ANY column formats each value by its own type; `None` is no cell at all.

Speed: openpyxl turns every value into a cell object and an ElementTree element and
serialises it through a namespace-aware writer, about 10 µs a cell without lxml: seconds for
the 600,000 cells of one compound's ten years. Here openpyxl still decides what a cell
becomes — its style id and data type — but once per (column kind, value type), from a real
cell built the way it always was; every later cell of that shape is written as the very text
openpyxl writes for it (`<c r=… s=… t=…>`) straight into the sheet's stream. The sheet's
head and tail, the styles, the workbook and the archive stay openpyxl's, and the file is
byte for byte what openpyxl alone would write. When the stream is not the plain-Python
writer (openpyxl picks lxml's when lxml is installed, which takes no raw text), the rows go
through openpyxl's own cells instead: the same file, only slower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from ledger.domain.workbook import Cell, ColumnKind, Row
from reports.xlsx_style import FORMATS, HEADER_ALIGNMENT, HEADER_FILL, HEADER_FONT, kind_of

TEXT_MAX = 32767  # what a cell holds; openpyxl cuts longer text to it
Write = Callable[[str], None]


def write_rows(
    ws: Any, titles: Sequence[str], kinds: Sequence[ColumnKind], rows: Iterable[Row]
) -> int:
    """Write the header and `rows` as the sheet's data and close the sheet; returns the rows.

    Sheet settings (widths, panes, filter, dimension) must be set before: openpyxl writes
    the sheet's head when the first row comes."""
    cells = _Cells(ws)
    ws._get_writer()
    writer = ws._writer
    written = 0

    def sheet_data() -> None:  # replaces openpyxl's own: called once, by ws.close()
        nonlocal written
        writer.write_rows = _no_rows  # once: closing again after a failure reads no more rows
        xf = writer.xf.send(True)
        raw = raw_writer(xf)
        with xf.element("sheetData"):
            if raw is not None:
                written = _Text(ws, cells, kinds, raw).write(titles, rows)
            else:
                written = _write_cells(ws, writer, xf, cells, kinds, titles, rows)
        writer.xf.send(None)

    writer.write_rows = sheet_data
    ws.close()
    return written


def _no_rows() -> None:
    pass


def raw_writer(xf: Any) -> Write | None:
    """The function et_xmlfile's writer puts text through, unescaped; None for any other."""
    raw = getattr(xf, "_file", None)
    return raw if callable(raw) else None


def _write_cells(
    ws: Any,
    writer: Any,
    xf: Any,
    cells: _Cells,
    kinds: Sequence[ColumnKind],
    titles: Sequence[str],
    rows: Iterable[Row],
) -> int:
    writer.write_row(xf, ws._values_to_row([cells.header(t) for t in titles], 1), 1)
    written = 0
    for r, row in enumerate(rows, 2):
        writer.write_row(xf, ws._values_to_row(list(cells.row(kinds, row)), r), r)
        written += 1
    return written


class _Cells:
    """openpyxl cells for one sheet; styled cells copy a prototype's style (cheap)."""

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

    def row(self, kinds: Sequence[ColumnKind], values: Row) -> Iterator[Any]:
        for kind, value in zip(kinds, values, strict=True):
            yield None if value is None else self.cell(kind, value)

    def cell(self, kind: ColumnKind, value: Cell) -> Any:
        if kind is ColumnKind.ANY:
            kind = kind_of(value)
        style = self.styles.get(kind)
        if style is not None:
            cell = WriteOnlyCell(self.ws, value)
            cell._style = copy(style)
            return cell
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(self.ws, value)
            cell.data_type = "s"  # a memo that looks like a formula stays text
            return cell
        return value


class _Text:
    """Rows as sheet XML text, in the exact form openpyxl's own writer gives them."""

    def __init__(self, ws: Any, cells: _Cells, kinds: Sequence[ColumnKind], raw: Write) -> None:
        self.ws, self.cells, self.kinds, self.raw = ws, cells, kinds, raw
        self.letters = [get_column_letter(i) for i in range(1, len(kinds) + 1)]
        self.styles: dict[tuple[ColumnKind, type], str] = {}  # ' s="4"' or ''
        self.days: dict[dt.date, str] = {}

    def write(self, titles: Sequence[str], rows: Iterable[Row]) -> int:
        header = self.cells.header(titles[0]) if titles else None
        style = f' s="{header.style_id}"' if header is not None else ""
        cells = "".join(_text(f"{x}1", style, t) for x, t in zip(self.letters, titles, strict=True))
        self.raw(f'<row r="1">{cells}</row>')
        written = 0
        for written, row in enumerate(rows, 1):
            self.raw(self.row(written + 1, row))
        return written

    def row(self, r: int, values: Row) -> str:
        out = [f'<row r="{r}">']
        for letter, kind, value in zip(self.letters, self.kinds, values, strict=True):
            if value is None:
                continue
            shape = (kind, type(value))
            style = self.styles.get(shape)
            if style is None:
                style = self.styles[shape] = self.style(kind, value)
            if isinstance(value, str):
                out.append(_text(f"{letter}{r}", style, value))
            else:
                out.append(f'<c r="{letter}{r}"{style} t="n"><v>{self.number(value)}</v></c>')
        out.append("</row>")
        return "".join(out)

    def style(self, kind: ColumnKind, value: Cell) -> str:
        """The style attribute openpyxl gives this shape of cell (registering the style)."""
        cell = self.cells.cell(kind, value)
        if not isinstance(cell, SheetCell):
            cell = WriteOnlyCell(self.ws, cell)
        return f' s="{cell.style_id}"' if cell.has_style else ""

    def number(self, value: Cell) -> str:
        """A number, or a date or time as Excel's day number and fraction."""
        if type(value) is Decimal or type(value) is int:
            return _g(value)
        if type(value) is dt.datetime:
            return _g(to_excel(value))
        if type(value) is dt.date:
            day = self.days.get(value)
            if day is None:
                day = self.days[value] = _g(to_excel(value))
            return day
        raise TypeError(f"a workbook cell cannot hold {value!r}")


def _g(value: int | float | Decimal) -> str:
    """A number as openpyxl writes it: the nearest double to 16 significant digits (an xlsx
    number is a double; yuan with two places read back exactly)."""
    return "%.16g" % value  # noqa: UP031  (the format's own float conversion, as openpyxl's)


def _text(ref: str, style: str, value: str) -> str:
    value = value[:TEXT_MAX]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    if not value:
        return f'<c r="{ref}"{style} t="inlineStr" />'
    if "&" in value or "<" in value or ">" in value:
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    else:
        escaped = value
    if value in ERROR_CODES:
        return f'<c r="{ref}"{style} t="e"><v>{escaped}</v></c>'
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'
