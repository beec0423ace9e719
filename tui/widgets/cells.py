"""Fitting text into terminal cells: a Chinese character takes two cells, so widths are
counted in cells (rich.cells), never in characters; amounts are right-aligned with thousands
separators (`format_fen`), so their digits line up in a column."""

from __future__ import annotations

from typing import Literal

from rich.cells import cell_len

from ledger.domain.money import format_fen

Align = Literal["left", "right"]
ELLIPSIS = "…"


def fit(text: str, width: int, align: Align = "left") -> str:
    """`text` padded or cut to exactly `width` cells; a cut ends with an ellipsis."""
    if width <= 0:
        return ""
    text = " ".join(text.split())  # no newlines or tabs inside a cell
    length = cell_len(text)
    if length > width:
        cut, used = [], 0
        for ch in text:
            used += cell_len(ch)
            if used > width - 1:
                break
            cut.append(ch)
        return "".join(cut) + ELLIPSIS + " " * (width - 1 - cell_len("".join(cut)))
    pad = " " * (width - length)
    return pad + text if align == "right" else text + pad


def amount(fen: int) -> str:
    """`1,234.50`: the way every amount is shown on screen."""
    return format_fen(fen)


def yuan(fen: int) -> str:
    """`¥1,234.50`: a figure standing on its own (the dashboard)."""
    return format_fen(fen, symbol=True)
