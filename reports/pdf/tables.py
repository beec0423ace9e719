"""Tables for the papers: amounts right-aligned with thousands separators, Chinese text that
wraps inside its cell, heads repeated on every page a table runs onto.

- `data_table(columns, rows)`: a ruled table with a shaded head row (`repeatRows`, so a long
  table splits between rows and repeats its head on the next page or half page, under a
  "（续表）" caption) and, optionally, total rows at the bottom in larger type.
- Text cells become Paragraphs and wrap between any two Chinese characters; text in a
  right-aligned (amount) column is set as a figure and never broken inside, so size those
  columns for the widest figure (`amount_width`). A cell may also be any Flowable.
- `label_table(rows)`: label / value pairs, for the facts at the top of a paper.
- `signature_row(pairs)` and `seal_box(...)`: the sign-off line and the place for the seal.
- `layout_table(rows, widths)`: things side by side, unruled (never a bare `Table`: see its
  docstring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, FrameBreak, Table, TableStyle

from ledger.domain.money import format_fen
from reports.pdf.fonts import register_fonts
from reports.pdf.page import CONTENT_WIDTH
from reports.pdf.styles import BODY_PT, RULE, SHADE, TOTAL_PT, para, styles

Align = Literal["left", "center", "right"]
Cell: TypeAlias = "str | Flowable | None"
_PAD = 4.0
_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # relative: the widths of a table are scaled to fill its width
    align: Align = "left"  # "right" for amounts: right-aligned, never wrapped


def amount(fen: int | None, *, symbol: bool = False, blank_zero: bool = False) -> str:
    """`1,234.50` (or `¥1,234.50`); "" for None, and for 0 when `blank_zero`."""
    if fen is None or (blank_zero and fen == 0):
        return ""
    return format_fen(fen, symbol=symbol)


def amount_width(text: str, *, size: float = TOTAL_PT) -> float:
    """Points a right-aligned figure needs in a cell, padding included."""
    width: float = stringWidth(text, register_fonts(), size)
    return width + 2 * _PAD + 2


class _ContinuedTable(Table):  # type: ignore[misc]  # reportlab is untyped
    """A table whose every part after the first starts a new frame under a caption."""

    caption = ""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if len(parts) < 2 or not self.caption:
            return parts
        rest = parts[1]
        if isinstance(rest, _ContinuedTable):
            rest.caption = self.caption  # so a third part is captioned too
        # The rest no longer fits where the first part ended: it starts the next frame.
        return [parts[0], FrameBreak(), para(self.caption, styles().note), *parts[1:]]


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    width: float = CONTENT_WIDTH,
    totals: int = 0,
    extra_style: Sequence[tuple[Any, ...]] = (),
    continued: str = "（续表）",
) -> Table:
    """A ruled table with a head row; the last `totals` rows are set as totals. Where the
    table runs on into another frame, that part opens with the `continued` caption."""
    st = styles()
    widths = _scaled([c.width for c in columns], width)
    head = [para(c.title, st.head) for c in columns]
    body: list[list[Cell]] = []
    first_total = len(rows) - totals
    for i, row in enumerate(rows):
        if len(row) != len(columns):
            raise ValueError(f"row {i} has {len(row)} cells for {len(columns)} columns")
        is_total = i >= first_total
        body.append([_cell(v, c, total=is_total) for v, c in zip(row, columns, strict=True)])
    commands: list[tuple[Any, ...]] = [
        *_base_style(),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, RULE),
    ]
    for j, c in enumerate(columns):
        commands.append(("ALIGN", (j, 1), (j, -1), _ALIGN[c.align]))
    if totals:
        commands += [
            ("BACKGROUND", (0, first_total + 1), (-1, -1), SHADE),
            ("FONTSIZE", (0, first_total + 1), (-1, -1), TOTAL_PT),
            ("LINEABOVE", (0, first_total + 1), (-1, first_total + 1), 1.0, RULE),
        ]
    commands += list(extra_style)
    table = _ContinuedTable(
        [head, *body], colWidths=widths, repeatRows=1, style=TableStyle(commands)
    )
    table.caption = continued
    return table


def label_table(
    rows: Sequence[tuple[str, Cell]], *, width: float = CONTENT_WIDTH, label_width: float = 0.2
) -> Table:
    """Label / value pairs, the label column shaded; `label_width` is its share of `width`."""
    st = styles()
    data = [[para(label, st.cell_center), _text(value, st.cell)] for label, value in rows]
    widths = _scaled([label_width, 1 - label_width], width)
    commands = [*_base_style(), ("BACKGROUND", (0, 0), (0, -1), SHADE)]
    return Table(data, colWidths=widths, style=TableStyle(commands))


def layout_table(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]] = (),
    **table_args: Any,
) -> Table:
    """An unruled table for placing things side by side. Use it instead of a bare `Table`:
    ReportLab sets each cell's font even for a Paragraph cell, and its default, Helvetica,
    would otherwise be named in the PDF without being embedded."""
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()), *commands])
    return Table([list(r) for r in rows], colWidths=list(widths), style=style, **table_args)


def signature_row(pairs: Sequence[tuple[str, str]], *, width: float = CONTENT_WIDTH) -> Table:
    """One line of "职责：姓名" boxes of equal width, unruled (制单 / 审核 / 记账 / 出纳)."""
    st = styles()
    cells = [para(f"{label}：{name}", st.cell) for label, name in pairs]
    commands = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), _PAD)]
    return layout_table([cells], _scaled([1.0] * len(pairs), width), commands)


def seal_box(caption: str, note: str = "", *, size: float = 100.0) -> Table:
    """A square box where the seal goes, with its caption and e.g. the seal-register number."""
    st = styles()
    lines: list[Flowable] = [para(caption, st.cell_center)]
    if note:
        lines.append(para(note, st.small))
    commands = [
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    return layout_table([[lines]], [size], commands, rowHeights=[size * 0.8])


def _scaled(weights: Sequence[float], width: float) -> list[float]:
    total = sum(weights)
    return [width * w / total for w in weights]


def _base_style() -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_PT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]


def _cell(value: Cell, column: Column, *, total: bool) -> Cell:
    st = styles()
    if total:
        style = st.total_amount if column.align == "right" else st.total
    else:
        style = {"left": st.cell, "center": st.cell_center, "right": st.amount}[column.align]
    return _text(value, style)


def _text(value: Cell, style: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, str):
        return para(value, style)
    return value
