"""The monthly statement read model: its figures agree with the trial balance, the notice
code checks out against the books, and a change behind the program's back is caught."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.cli.app import main
from ledger.domain.errors import InvalidInput
from ledger.domain.period import Month, months_between
from ledger.domain.rules import RuleBook
from ledger.services import balances
from ledger.services.context import Context
from ledger.services.notice_check import check_notice
from ledger.services.statement import monthly_statement
from ledger.store.database import Database
from tests.conftest import demo_books

UNTIL = Month(2023, 6)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Iterator[Context]:
    db = Database(str(demo_books(tmp_path_factory, rules, UNTIL)))
    yield Context(db=db, rules=rules)
    db.dispose()


@pytest.mark.parametrize("compound", ["迎宾花苑", "香榭雅居", "冠农小区", "汇景台小区"])
def test_every_months_statement_agrees_with_the_trial_balance(demo: Context, compound: str) -> None:
    opened = monthly_statement(demo, compound, UNTIL).opened_on
    for month in months_between(Month.of(opened), UNTIL):
        st = monthly_statement(demo, compound, month)
        tb = {a.code: a for a in balances.trial_balance(demo, compound, month).accounts}
        bank = tb.get("1002")
        assert st.balanced
        assert st.opening_fen == (bank.opening_fen if bank else 0)
        assert (st.income_fen, st.spending_fen) == (
            (bank.debit_fen, bank.credit_fen) if bank else (0, 0)
        )
        gross = {c.key: c.gross_fen for c in st.categories}
        for key, code in [("parking", "4301"), ("advertising", "4302")]:
            if code in tb:
                assert gross.get(key, 0) == tb[code].credit_fen - tb[code].debit_fen
        cost = tb.get("5102")
        assert sum(c.deduction_fen for c in st.categories) == (
            cost.debit_fen - cost.credit_fen if cost else 0
        )


def test_a_project_payment_names_the_vote_and_notice_it_rests_on(demo: Context) -> None:
    st = monthly_statement(demo, "香榭雅居", Month(2023, 5))
    water = [p for p in st.payments if p.project == "供水主管道更换工程"]
    assert len(water) == 1 and water[0].amount_fen == 7_704_000
    assert (
        "业主大会表决通过" in water[0].basis and "公示 2023-04-24 至 2023-04-30" in water[0].basis
    )
    assert [p.title for p in st.in_progress] == ["供水主管道更换工程"]
    # Last month of the demo: prepared, awaiting signatures, no code yet.
    assert [s.role for s in st.signatures] == ["编制"] and st.verification_code is None
    published = monthly_statement(demo, "香榭雅居", Month(2023, 4))
    assert [s.role for s in published.signatures] == [
        "编制",
        "监督小组审查",
        "业委会",
        "社区党委",
        "公示",
    ]
    assert published.verification_code is not None and published.seal_register_no is not None
    assert published.posted_from is not None and published.posted_until == Month(2023, 5).last_day


def test_the_notice_code_checks_out_and_a_later_change_is_caught(
    demo: Context, tmp_path: Path
) -> None:
    st = monthly_statement(demo, "香榭雅居", Month(2023, 4))
    assert st.short_code is not None
    assert check_notice(demo, st.short_code, compound="香榭雅居", month=Month(2023, 4)).ok
    wrong = check_notice(demo, "0123456789abcdef", compound="香榭雅居", month=Month(2023, 4))
    assert wrong.published and not wrong.code_matches
    unpublished = check_notice(demo, st.short_code, compound="香榭雅居", month=UNTIL)
    assert not unpublished.published
    with pytest.raises(InvalidInput, match="校验码"):
        check_notice(demo, "xyz", compound="香榭雅居", month=Month(2023, 4))


def test_statement_json_and_verify_notice_from_the_command_line(
    demo: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = demo.db.url.removeprefix("sqlite:///")
    assert (
        main(["--db", path, "statement", "--compound", "香榭雅居", "--month", "2023-04", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {"opening", "income", "spending", "closing", "verification_code"} <= set(data)
    assert data["closing"].count(".") == 1 and len(data["closing"].split(".")[1]) == 2
    code = data["verification_code"][:16]
    assert (
        main(["--db", path, "verify-notice", code, "--compound", "香榭雅居", "--month", "2023-04"])
        == 0
    )
    assert "一致" in capsys.readouterr().out
    assert (
        main(
            [
                "--db",
                path,
                "verify-notice",
                "ffffffffff",
                "--compound",
                "香榭雅居",
                "--month",
                "2023-04",
            ]
        )
        == 1
    )
    assert "不一致" in capsys.readouterr().out
