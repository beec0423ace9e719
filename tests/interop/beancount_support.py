"""Helpers for the beancount tests: small books with a reversal, bean-check, balances as
beancount computes them from a file, and transactions in a form two exports can be compared
by (without hashes, which differ between compounds)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data

from ledger.domain.entry import Line
from ledger.domain.money import fen_from_decimal
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import balances, entries, organisation
from ledger.services.beancount_export import export_compound, export_street
from ledger.services.context import Context
from tests.conftest import OPENED, Street
from tests.helpers import BANK, COST, FEES, post, receive

SECOND = "第二花园"
BEAN_CHECK = Path(sys.executable).parent / "bean-check"
# (compound or None, account code, "YYYY-MM") → balance at that month end, debit positive
Balances = dict[tuple[str | None, str, str], int]


def small_books(s: Street) -> dict[str, str]:
    """Income, a fee with a quoted Chinese memo, line memos, a cost share and a reversal."""
    v: dict[str, str] = {}
    v["parking"] = receive(s, dt.date(2024, 1, 5), 1_000_00)
    v["fee"] = post(
        s, dt.date(2024, 1, 20), [Line(BANK, -5_00), Line(FEES, 5_00)], '银行手续费 "一月"'
    )
    v["ads"] = post(
        s,
        dt.date(2024, 2, 3),
        [Line(BANK, 2_500_50, "广告费净额"), Line(COST, 50, "合理成本"), Line("4302", -2_501_00)],
        "广告收入 2024年2月",
    )
    s.clock.set(dt.date(2024, 2, 15))
    draft = entries.reverse_entry(
        s.ctx, s.treasurer, v["fee"], reason="重复记账", compound=s.compound
    )
    v["reversal"] = entries.approve_entry(s.ctx, s.checker, draft)
    v["march"] = receive(s, dt.date(2024, 3, 1), 300_00)
    s.clock.set(dt.date(2024, 6, 30))
    return v


def second_compound(s: Street, name: str = SECOND) -> str:
    """An empty compound opened the same day, with the street's treasurer and checker."""
    organisation.create_compound(
        s.ctx, s.admin, street="测试街道", community="测试社区", name=name, opened_on=OPENED
    )
    for person, role in [(s.treasurer, Role.TREASURER), (s.checker, Role.COMMITTEE)]:
        organisation.grant_role(s.ctx, s.admin, user=person.name, role=role, compound=name)
    return name


def exported(ctx: Context, compound: str | None = None) -> str:
    out = io.StringIO()
    if compound is None:
        export_street(ctx, out)
    else:
        export_compound(ctx, compound, out)
    return out.getvalue()


def load_clean(text: str) -> list[Any]:
    directives, errors, _ = loader.load_string(text)
    assert errors == [], [e.message for e in errors]
    return list(directives)


def bean_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BEAN_CHECK), str(path)], capture_output=True, text=True, timeout=300, check=False
    )


def number(posting: data.Posting) -> Decimal:
    """A posting's amount (every posting in our files has one, in CNY)."""
    assert posting.units is not None and isinstance(posting.units.number, Decimal)
    assert posting.units.currency == "CNY"
    return posting.units.number


def transactions(directives: list[Any]) -> list[data.Transaction]:
    return [d for d in directives if isinstance(d, data.Transaction)]


def comparable(text: str) -> list[tuple[Any, ...]]:
    """Every transaction as (date, narration, kind, links?, postings with memos), by date."""
    out = []
    for t in transactions(load_clean(text)):
        postings = tuple((p.account, number(p), (p.meta or {}).get("memo", "")) for p in t.postings)
        kind = t.meta.get("kind")
        out.append((t.date, t.narration, kind, bool(t.links), postings))
    return sorted(out, key=lambda x: (x[0], x[1], x[4]))


def beancount_balances(directives: list[Any], months: list[Month]) -> Balances:
    """Each account's balance at each month end, summed by us from beancount's own postings."""
    owner: dict[str, tuple[str | None, str]] = {}
    for d in directives:
        if isinstance(d, data.Open):
            owner[d.account] = (d.meta.get("compound"), d.meta["code"])
    moves: dict[tuple[str | None, str], list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for t in transactions(directives):
        for p in t.postings:
            moves[owner[p.account]].append((t.date, number(p)))
    out: Balances = {}
    for (compound, code), dated in moves.items():
        for m in months:
            total = sum((n for day, n in dated if day <= m.last_day), Decimal(0))
            if total:
                out[(compound, code, str(m))] = fen_from_decimal(total)
    return out


def our_balances(
    ctx: Context, compounds: dict[str, Month], last: Month, *, named: bool
) -> Balances:
    """Each account's closing balance per month from our trial balance (compound → opened)."""
    out: Balances = {}
    for compound, first in compounds.items():
        m = first
        while m <= last:
            for a in balances.trial_balance(ctx, compound, m).accounts:
                if a.closing_fen:
                    out[(compound if named else None, a.code, str(m))] = a.closing_fen
            m = m.next()
    return out
