"""The hledger / ledger journal: the same books, read back by the peers' own engines when
they are installed (CI installs them), and by a plain parse of the text otherwise."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from ledger.domain.entry import Line
from ledger.domain.period import Month
from ledger.services.bulk_post import BulkEntry, post_bulk
from ledger.services.ledger_journal_export import export_compound_journal, export_street_journal
from ledger.services.statement import monthly_statement
from tests.conftest import Street
from tests.helpers import BANK, COST, FEES, PARKING

AMOUNT = re.compile(r"^    (\S+)  (-?\d+\.\d\d) CNY")


def _books(s: Street) -> None:
    day = dt.date(2024, 5, 3)
    items = [
        BulkEntry(
            day,
            "停车费 “五月”",
            (Line(BANK, 7_000), Line(COST, 3_000, "物业"), Line(PARKING, -10_000)),
            s.treasurer,
        ),
        BulkEntry(day, "手续费", (Line(FEES, 125), Line(BANK, -125)), s.treasurer),
    ]
    post_bulk(s.ctx, s.checker, compound=s.compound, entries=items)


def _sums(text: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for line in text.splitlines():
        m = AMOUNT.match(line)
        if m:
            sums[m[1]] = sums.get(m[1], Decimal(0)) + Decimal(m[2])
    return sums


def test_journal_balances_are_ours(sqlite_street: Street, tmp_path: Path) -> None:
    s = sqlite_street
    _books(s)
    out = io.StringIO()
    summary = export_compound_journal(s.ctx, s.compound, out)
    text = out.getvalue()
    assert summary.transactions == 2
    assert "2024-05-03 * (记-2024-05-0001) 停车费 “五月”" in text
    sums = _sums(text)
    st = monthly_statement(s.ctx, s.compound, Month(2024, 5))
    bank = Decimal(st.closing_fen) / 100
    assert sums["Assets:Bank:PublicRevenue"] == bank == Decimal("68.75")
    assert sum(sums.values()) == 0
    path = tmp_path / "books.journal"
    path.write_text(text, encoding="utf-8")
    for tool in ("hledger", "ledger"):
        if shutil.which(tool) is None:
            continue
        run = subprocess.run(
            [tool, "-f", str(path), "balance", "Assets:Bank"], capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        assert "68.75 CNY" in run.stdout


def test_street_journal_prefixes_each_compound(sqlite_street: Street) -> None:
    _books(sqlite_street)
    out = io.StringIO()
    export_street_journal(sqlite_street.ctx, out)
    accounts = [m[1] for line in out.getvalue().splitlines() if (m := AMOUNT.match(line))]
    assert "Assets:C1:Bank:PublicRevenue" in accounts
    assert all(a.split(":")[1] == "C1" for a in accounts)
