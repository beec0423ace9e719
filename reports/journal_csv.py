"""The journal (序时账) as plain CSV, for tools that want neither xlsx nor beancount.

The caller opens the file as UTF-8 with a byte-order mark (`utf-8-sig`), which is what makes
Excel and WPS open Chinese text correctly. Values are written as text a program can parse
back: amounts with two decimals and no grouping (`1234.50`), dates `YYYY-MM-DD`, times
`YYYY-MM-DD HH:MM:SS` (Beijing time). A text that starts with `=`, `+`, `-` or `@` gets a
leading `'`, so a spreadsheet opening the file shows it instead of evaluating it.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import TextIO

from ledger.domain.workbook import Cell, SheetData

_FORMULA_START = ("=", "+", "-", "@")


def write_csv(sheet: SheetData, out: TextIO) -> int:
    """Write the sheet's header and rows; returns the rows written (header excluded)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.title for c in sheet.columns])
    written = 0
    for row in sheet.rows:
        writer.writerow([_text(value) for value in row])
        written += 1
    return written


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)
