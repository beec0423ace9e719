"""Reading exported workbooks back with openpyxl: a canonical dump of every cell value (for
golden files and determinism), the rows of one sheet by header, and amounts as exact Decimals.

The dump is the sheet name, then each row's values: strings and numbers as `repr`, dates
and times as ISO text without quotes (so a date and a string that looks like one differ),
empty cells as `None`.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _canonical(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def dump(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    lines = []
    for ws in book.worksheets:
        lines.append(f"== {ws.title}")
        for row in ws.iter_rows(values_only=True):
            lines.append(" | ".join(_canonical(v) for v in row))
    return "\n".join(lines) + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file; UPDATE_GOLDEN=1 to refresh"


def records(path: Path, sheet: str) -> list[dict[str, Any]]:
    """The sheet's data rows as dicts keyed by header."""
    ws = openpyxl.load_workbook(path)[sheet]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def yuan(value: Any) -> Decimal:
    """A money cell read back (a float, or None for empty) as exact yuan with two places."""
    if value is None:
        return Decimal("0.00")
    assert isinstance(value, int | float), value
    return Decimal(str(value)).quantize(Decimal("0.01"))
