"""Plain-text tables that line up Chinese (double-width) characters in a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, *, right: bool = False) -> str:
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def render(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    cols = len(headers)
    sizes = [max([width(headers[i])] + [width(r[i]) for r in rows]) for i in range(cols)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(pad(c, sizes[i], right=i in numeric) for i, c in enumerate(cells)).rstrip()

    out = [line(headers), "  ".join("-" * s for s in sizes)]
    out += [line(r) for r in rows]
    return "\n".join(out)
