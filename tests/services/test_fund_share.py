"""The maintenance-fund share: off by default; with the Shanghai or Guangxi preset, what each
period owes from net public revenue, the warning while it is not transferred, and the
one-step transfer draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ledger.domain.errors import InvalidAmount, InvalidDate, RulesInvalid, WrongState
from ledger.domain.period import Month
from ledger.domain.rules import Frequency, RuleBook
from ledger.interop.rules_yaml import parse_rules
from ledger.services import entries, fund_share
from ledger.services.statement import monthly_statement
from ledger.services.verify import verify
from tests.conftest import ROOT, Street, make_street
from tests.helpers import fingerprint, receive

DEFAULT_FUND = """maintenance_fund:
  share_bp: 0
  frequency: quarterly            # monthly 按月 | quarterly 按季度 | yearly 按年
"""


def rules_with(fund: str) -> RuleBook:
    text = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    assert DEFAULT_FUND in text
    return parse_rules(text.replace(DEFAULT_FUND, f"maintenance_fund:\n{fund}"))


@pytest.fixture
def shanghai(db_url: str) -> Iterator[Street]:
    s = make_street(db_url, rules_with("  preset: shanghai\n"))
    yield s
    s.ctx.db.dispose()


def test_off_by_default_the_statement_shows_none_and_a_transfer_is_refused(street: Street) -> None:
    s = street
    receive(s, dt.date(2024, 2, 10), 100_000)
    assert monthly_statement(s.ctx, s.compound, Month(2024, 6)).fund_share is None
    report = fund_share.fund_share_report(s.ctx, s.compound, Month(2024, 6))
    assert not report.enabled and report.periods == ()
    before = fingerprint(s)
    with pytest.raises(WrongState, match="没有要求划转专项维修资金"):
        fund_share.transfer(s.ctx, s.treasurer, compound=s.compound, period=Month(2024, 3))
    assert fingerprint(s) == before


def test_shanghai_half_of_net_revenue_quarterly_warned_until_transferred(shanghai: Street) -> None:
    s = shanghai
    receive(s, dt.date(2024, 2, 10), 100_001)  # Q1 net ¥1,000.01 → ¥500.01 due (half up)
    receive(s, dt.date(2024, 5, 10), 40_000)
    june = monthly_statement(s.ctx, s.compound, Month(2024, 6)).fund_share
    assert june is not None and june.share_bp == 5000 and "上海" in june.basis
    q1, q2 = june.periods
    assert (q1.label, q1.due_fen, q1.outstanding_fen, q1.late) == (
        "2024年第1季度",
        50_001,
        50_001,
        True,
    )
    assert (q2.net_fen, q2.due_fen, q2.complete) == (40_000, 20_000, True)
    assert len(june.warnings) == 2 and "尚欠 500.01 元" in june.warnings[0]

    before = fingerprint(s)
    with pytest.raises(InvalidDate, match="结束后再划转"):
        fund_share.transfer(
            s.ctx,
            s.treasurer,
            compound=s.compound,
            period=Month(2024, 5),
            date=dt.date(2024, 6, 30),
        )
    with pytest.raises(InvalidAmount, match="不超过尚欠"):
        fund_share.transfer(
            s.ctx, s.treasurer, compound=s.compound, period=Month(2024, 1), amount_fen=50_002
        )
    assert fingerprint(s) == before

    draft = fund_share.transfer(s.ctx, s.treasurer, compound=s.compound, period=Month(2024, 2))
    with pytest.raises(WrongState, match="无需再划转"):  # the pending draft holds it
        fund_share.transfer(s.ctx, s.treasurer, compound=s.compound, period=Month(2024, 3))
    entries.approve_entry(s.ctx, s.checker, draft)
    after = fund_share.fund_share_report(s.ctx, s.compound, Month(2024, 6))
    assert [p.label for p in after.periods if p.late] == ["2024年第2季度"]
    # The transfer is an expense of the fund share, not a cut of net revenue.
    assert (
        fund_share.fund_share_report(s.ctx, s.compound, Month(2024, 3)).periods[0].due_fen == 50_001
    )
    assert verify(s.ctx).ok


def test_guangxi_monthly_at_sixty_percent(sqlite_url: str) -> None:
    s = make_street(
        sqlite_url, rules_with("  preset: guangxi\n  share_bp: 6000\n  frequency: monthly\n")
    )
    rule = s.ctx.rules.defaults.maintenance_fund
    assert (rule.preset, rule.share_bp, rule.frequency) == ("guangxi", 6000, Frequency.MONTHLY)
    receive(s, dt.date(2024, 5, 10), 10_000)
    may = fund_share.fund_share_report(s.ctx, s.compound, Month(2024, 5))
    assert [(p.label, p.due_fen) for p in may.periods] == [("2024年5月", 6_000)]
    assert "广西" in may.basis
    s.ctx.db.dispose()


def test_a_preset_cannot_go_below_its_floor() -> None:
    with pytest.raises(RulesInvalid) as refused:
        rules_with("  preset: guangxi\n  share_bp: 4000\n")
    assert "广西办法要求不低于 50%" in refused.value.message
    with pytest.raises(RulesInvalid, match="shanghai、guangxi"):
        rules_with("  preset: beijing\n")
