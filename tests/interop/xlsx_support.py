"""Helpers for the xlsx import tests: a journal sheet built in memory, one row of it by
column name, the import as the street's treasurer (and checker), and a refusal that must
leave the books untouched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from ledger.domain.errors import BatchInvalid
from ledger.domain.journal_layout import IMPORT_COLUMNS
from ledger.domain.period import Month, months_between
from ledger.services import balances
from ledger.services.beancount_import import ImportResult
from ledger.services.workbook_data import open_workbook
from ledger.services.xlsx_import import import_xlsx
from reports.workbook import write_workbook
from tests.conftest import Street
from tests.helpers import fingerprint

HEADER = [c.title for c in IMPORT_COLUMNS]
JAN = dt.date(2024, 1, 10)


def sheet(
    *rows: list[object], header: Sequence[object] | None = None, title: str = "序时账"
) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    ws.append(header or HEADER)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def line(
    day: object,
    group: object,
    code: object,
    memo: object,
    debit: object = None,
    credit: object = None,
    **more: object,
) -> list[object]:
    cells = {
        "日期": day,
        "凭证号": group,
        "科目代码": code,
        "摘要": memo,
        "借方": debit,
        "贷方": credit,
    }
    cells.update({k: v for k, v in more.items()})
    return [cells.get(h) for h in HEADER]


def run(
    s: Street, data: bytes, compound: str | None = None, *, approve: bool = True
) -> ImportResult:
    return import_xlsx(
        s.ctx,
        s.treasurer,
        compound=compound or s.compound,
        data=data,
        source="账本.xlsx",
        checker=s.checker if approve else None,
    )


def refused(s: Street, data: bytes, compound: str | None = None) -> list[str]:
    before = fingerprint(s)
    with pytest.raises(BatchInvalid) as caught:
        run(s, data, compound)
    assert fingerprint(s) == before  # nothing written
    return [str(p) for p in caught.value.problems]


def workbook_bytes(s: Street, tmp_path: Path) -> bytes:
    path = tmp_path / "books.xlsx"
    with open_workbook(s.ctx, compound=s.compound) as book:
        write_workbook(book, path)
    return path.read_bytes()


def trial_balances(s: Street, compound: str) -> list[list[tuple[str, int, int, int]]]:
    return [
        [
            (a.code, a.opening_fen, a.debit_fen, a.credit_fen)
            for a in balances.trial_balance(s.ctx, compound, m).accounts
        ]
        for m in months_between(Month(2024, 1), Month(2024, 6))
    ]
