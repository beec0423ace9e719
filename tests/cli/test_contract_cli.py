"""`contract add|list|show|end|accrue|receive`, `collection record`, `arrears --json` and
`fund-share` on a small street, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger.domain.rules import RuleBook
from tests.cli.support import Capsys, cli, ok
from tests.conftest import COMPOUND, PASSWORD, make_street


@pytest.fixture
def db(sqlite_url: str, rules: RuleBook, monkeypatch: pytest.MonkeyPatch) -> str:
    make_street(sqlite_url, rules).ctx.db.dispose()
    monkeypatch.setenv("LEDGER_PASSWORD", PASSWORD)
    return sqlite_url


def run(capsys: Capsys, db: str, *argv: str, user: str | None = "t") -> str:
    who = ("--user", user) if user else ()
    return ok(capsys, "--db", db, *argv, *who)


def test_a_contract_from_add_to_arrears(capsys: Capsys, db: str, tmp_path: Path) -> None:
    c = ("--compound", COMPOUND)
    run(
        capsys, db, "contract", "add", *c, "--ref", "GG-1", "--counterparty", "电梯广告公司",
        "--category", "advertising", "--amount", "3000", "--start", "2024-03-10", "--due-day", "5",
    )  # fmt: skip
    run(
        capsys, db, "contract", "add", *c, "--ref", "WY-1", "--counterparty", "物业公司",
        "--kind", "collection", "--category", "parking", "--start", "2024-01-01",
    )  # fmt: skip
    listing = run(capsys, db, "contract", "list", *c, user=None)
    assert "GG-1" in listing and "物业代收" in listing
    draft = run(capsys, db, "contract", "accrue", *c, "--month", "2024-06")
    assert "凭证" not in draft and draft.isdigit()
    run(capsys, db, "entry", "approve", draft, user="c")
    receipt = run(
        capsys, db, "contract", "receive", "GG-1", *c, "--amount", "5000", "--date", "2024-06-20"
    )
    run(capsys, db, "entry", "approve", receipt, user="c")
    collected = run(
        capsys, db, "collection", "record", "WY-1", *c, "--month", "2024-05", "--gross", "10000"
    )
    run(capsys, db, "entry", "approve", collected, user="c")

    data = json.loads(run(capsys, db, "arrears", *c, "--month", "2024-06", "--json", user=None))
    assert data["as_of"] == "2024-06-30"
    assert [(a["contract"], a["period_key"], a["outstanding"], a["days_overdue"]) for a in data["arrears"]] == [
        ("GG-1", "2024-04", "129.03", 86),
        ("GG-1", "2024-05", "3000.00", 56),
        ("GG-1", "2024-06", "3000.00", 25),
        ("WY-1", "2024-05", "7000.00", 15),
    ]  # fmt: skip
    assert data["total"] == "13129.03"
    shown = json.loads(run(capsys, db, "contract", "show", "GG-1", *c, "--json", user=None))
    assert shown["received"] == "5000.00" and shown["periods"][0]["outstanding"] == "0.00"
    statement = json.loads(
        run(capsys, db, "statement", *c, "--month", "2024-06", "--json", user=None)
    )
    assert statement["arrears_total"] == "13129.03" and statement["fund_share"] is None
    fund = run(capsys, db, "fund-share", *c, "--month", "2024-06", user=None)
    assert "规则未要求划转" in fund

    run(capsys, db, "contract", "end", "GG-1", *c, "--date", "2024-06-30", "--reason", "违约")
    again = cli(capsys, "--db", db, "contract", "end", "GG-1", *c, "--date", "2024-06-30",
                "--reason", "违约", "--user", "t")  # fmt: skip
    assert again.code != 0 and "不能再次终止" in again.err and "Traceback" not in again.err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("contract", "add", "--ref", "X", "--counterparty", "甲", "--category", "advertising",
          "--start", "2024-01-01"), "须写每期金额"),
        (("contract", "add", "--ref", "X", "--counterparty", "甲", "--category", "advertising",
          "--start", "2024-01-01", "--amount", "1.234"), "最多两位小数"),
        (("contract", "add", "--ref", "X", "--counterparty", "甲", "--category", "nope",
          "--start", "2024-01-01", "--amount", "1"), "未知的收入类别"),
        (("contract", "receive", "NOPE", "--amount", "1", "--date", "2024-06-01"), "没有编号为「NOPE」的合同"),
        (("contract", "add", "--ref", "X", "--counterparty", "甲", "--category", "advertising",
          "--start", "2024-01-01", "--amount", "1", "--frequency", "weekly"), "未知的收款周期"),
    ],
)  # fmt: skip
def test_refusals_are_in_chinese_with_a_non_zero_exit(
    capsys: Capsys, db: str, argv: tuple[str, ...], words: str
) -> None:
    done = cli(capsys, "--db", db, *argv, "--compound", COMPOUND, "--user", "t")
    assert done.code != 0 and words in done.err and "Traceback" not in done.err
    listing = json.loads(
        run(capsys, db, "contract", "list", "--compound", COMPOUND, "--json", user=None)
    )
    assert listing == []
