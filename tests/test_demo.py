"""The demo street: built through the services, verifies clean, and is reproducible."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.demo.build import build_demo
from ledger.domain.closing import MonthState
from ledger.domain.period import Month
from ledger.domain.rules import RuleBook
from ledger.services import balances, month_close
from ledger.services.context import Context
from ledger.services.verify import verify
from ledger.store import migrate
from ledger.store.database import Database
from tests.conftest import demo_books


def _build(path: Path, rules: RuleBook, until: Month) -> Context:
    db = Database(str(path))
    migrate.upgrade(db)
    build_demo(db, rules, until=until, today=until.last_day, password="demo")
    return Context(db=db, rules=rules)


def _shared(factory: pytest.TempPathFactory, rules: RuleBook, until: Month) -> Context:
    """The run's shared demo build (a private copy), for tests that only read it."""
    return Context(db=Database(str(demo_books(factory, rules, until))), rules=rules)


def test_demo_verifies_clean_and_is_reproducible(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> None:
    until = Month(2023, 6)
    first = _shared(tmp_path_factory, rules, until)  # built by whichever test came first
    second = _build(tmp_path / "b.db", rules, until)
    one, two = verify(first), verify(second)
    assert one.ok, one.findings
    assert one.compounds == 4 and one.entries > 200
    assert one.digest == two.digest
    tb = balances.trial_balance(first, "香榭雅居", Month(2023, 5))
    assert tb.balanced
    bank = next(a for a in tb.accounts if a.code == "1002")
    assert bank.closing_fen > 0
    # The water-mains first payment (30% of ¥256,800.00) went out in May 2023.
    projects = next(a for a in tb.accounts if a.code == "5101")
    assert projects.debit_fen == 25_680_000 * 30 // 100
    first.db.dispose()
    second.db.dispose()


def test_demo_whole_history_has_the_articles_projects_and_a_reversal(
    tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> None:
    ctx = _shared(tmp_path_factory, rules, Month(2025, 9))
    report = verify(ctx)
    assert report.ok, report.findings
    for compound, total in [
        ("迎宾花苑", 23_650_000),
        ("香榭雅居", 25_680_000),
        ("冠农小区", 20_800_000),
        ("汇景台小区", 400_000),
    ]:
        tb = balances.trial_balance(ctx, compound, Month(2025, 9))
        projects = next(a for a in tb.accounts if a.code == "5101")
        assert projects.closing_fen == total, compound
        assert next(a for a in tb.accounts if a.code == "1002").closing_fen > 0
    may = balances.trial_balance(ctx, "迎宾花苑", Month(2024, 5))
    ads = next(a for a in may.accounts if a.code == "4302")
    assert ads.debit_fen == 320_000  # the reversal of the mistyped receipt
    ctx.db.dispose()


def test_demo_months_are_published_up_to_two_months_ago_and_last_month_awaits_signatures(
    tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> None:
    ctx = _shared(tmp_path_factory, rules, Month(2023, 6))
    for compound, first in [("迎宾花苑", Month(2021, 12)), ("汇景台小区", Month(2023, 4))]:
        oldest, april = (
            month_close.month_status(ctx, compound, m) for m in (first, Month(2023, 4))
        )
        for published in (oldest, april):
            assert published.state is MonthState.PUBLISHED, (compound, published.month)
            steps = [(x.step.value, x.decision.value) for x in published.signoffs]
            assert steps == [
                ("prepare", "submitted"),
                ("review", "approved"),
                ("sign_committee", "signed"),
                ("sign_community", "signed"),
                ("publish", "published"),
            ]
        may = month_close.month_status(ctx, compound, Month(2023, 5))
        assert may.state is MonthState.PREPARED and len(may.signoffs) == 1
        june = month_close.month_status(ctx, compound, Month(2023, 6))
        assert june.state is MonthState.OPEN and june.signoffs == ()
    ctx.db.dispose()


def test_demo_projects_stand_at_every_stage_the_issue_asks_for(
    tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> None:
    from ledger.services.project_views import project_list, project_view
    from ledger.services.seal_register import list_seals

    ctx = _shared(tmp_path_factory, rules, Month(2025, 9))
    states = {
        p.title: p.state
        for c in ("迎宾花苑", "香榭雅居", "冠农小区", "汇景台小区")
        for p in project_list(ctx, c)
    }
    assert states == {
        "供水管网改造工程": "closed",
        "供水主管道更换工程": "closed",
        "便民农贸市场改造工程": "closed",
        "电梯维修（更换曳引钢丝绳）": "closed",
        "地下车库照明改造": "publicized",
        "小区大门道闸更换": "on_hold",
        "中心广场加装健身器材": "rejected",
    }
    water = next(p for p in project_list(ctx, "香榭雅居") if p.state == "closed")
    view = project_view(ctx, water.id)
    assert view.votes[0]["body"] == "assembly" and view.votes[0]["passed"]
    assert [s.action for s in view.steps].count("quote") == 3
    assert "approve" in [s.action for s in view.steps]  # the community's gate on a large project
    rejected = next(p for p in project_list(ctx, "冠农小区") if p.state == "rejected")
    assert not project_view(ctx, rejected.id).votes[0]["passed"]
    register = list_seals(ctx, "香榭雅居")
    kinds = {line.kind.value for line in register}
    assert kinds == {"project_notice", "payment", "month_notice", "contract"}
    sealed = {line.contract_ref for line in register if line.kind.value == "contract"}
    assert sealed == {"XX-GG-2023", "XX-JZ-2023", "XX-WY-2023"}  # the demo's contracts
    assert all(line.state.value == "used" for line in register)
    ctx.db.dispose()
