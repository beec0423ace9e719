"""The command line as issue 2 fixes it: demo, users, verify, balance, entry, income, init-db,
--help, and main.py as a real program. Refusals are in test_cli_refusals.py."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ledger.domain.clock import local_today
from tests.cli.support import (
    AMOUNT,
    BANK,
    CHINESE,
    PARKING,
    ROOT,
    UNTIL,
    YBHY,
    ZERO,
    Capsys,
    account_with_role,
    add,
    approve,
    balance_json,
    by_code,
    cli,
    closings,
    digest,
    income,
    movement,
    ok,
    reverse,
    row_counts,
    verify_json,
)

# --- demo ---------------------------------------------------------------------------------


def test_demo_refuses_to_overwrite_an_existing_file_without_force(
    books: Path, capsys: Capsys
) -> None:
    before = hashlib.sha256(books.read_bytes()).hexdigest()
    run = cli(capsys, "demo", "--db", str(books), "--until", UNTIL)
    assert run.code != 0
    assert CHINESE.search(run.err) and "--force" in run.err and "Traceback" not in run.err
    assert hashlib.sha256(books.read_bytes()).hexdigest() == before


def test_demo_with_force_rebuilds_the_file_and_prints_the_users(
    books: Path, demo_source: Path, capsys: Capsys
) -> None:
    ok(capsys, "--db", str(books), *add("1002:1", "4301:-1", memo="重建前的草稿"))
    assert row_counts(books) != row_counts(demo_source)
    out = ok(capsys, "demo", "--db", str(books), "--until", UNTIL, "--force")
    assert row_counts(books) == row_counts(demo_source)
    assert "demo" in out  # the password line
    users = json.loads(ok(capsys, "--db", str(books), "users", "--json"))
    for user in users:
        assert user["name"] in out and user["display_name"] in out


def test_demo_gives_identical_books_for_the_same_until(
    demo_source: Path, tmp_path: Path, capsys: Capsys
) -> None:
    again = tmp_path / "again.db"
    ok(capsys, "demo", "--db", str(again), "--until", UNTIL)
    assert digest(capsys, again) == digest(capsys, demo_source)
    assert row_counts(again) == row_counts(demo_source)


# --- users, verify ------------------------------------------------------------------------


def test_users_json_lists_every_user_with_roles_and_their_scope(
    books: Path, capsys: Capsys
) -> None:
    users = json.loads(ok(capsys, "--db", str(books), "users", "--json"))
    names = [u["name"] for u in users]
    assert len(names) == len(set(names)) >= 12
    for user in users:
        assert {"name", "display_name", "active", "roles"} <= set(user)
        assert user["roles"], f"{user['name']} has no role"
        for role in user["roles"]:
            assert set(role) == {"role", "label", "scope", "name"}
            assert CHINESE.search(role["label"]) and role["name"]
    compounds = {r["name"] for u in users for r in u["roles"] if r["scope"] == "compound"}
    assert compounds == {"迎宾花苑", "香榭雅居"}


def test_users_json_names_li_xiulan_treasurer_of_yingbin_huayuan(
    books: Path, capsys: Capsys
) -> None:
    users = {u["name"]: u for u in json.loads(ok(capsys, "--db", str(books), "users", "--json"))}
    li = users["ybhy_cn"]
    assert li["display_name"] == "李秀兰" and li["active"] is True
    treasurer = {"role": "treasurer", "scope": "compound", "name": YBHY}
    assert any(treasurer.items() <= role.items() for role in li["roles"])


def test_verify_passes_on_the_clean_demo(books: Path, capsys: Capsys) -> None:
    out = ok(capsys, "--db", str(books), "verify")
    assert "校验通过" in out
    report = verify_json(capsys, books)
    assert report["ok"] is True and report["findings"] == [] and report["compounds"] == 2
    assert re.fullmatch(r"[0-9a-f]{64}", report["digest"])


def test_verify_checks_one_compound_when_named(books: Path, capsys: Capsys) -> None:
    assert "校验通过：1 个小区" in ok(capsys, "--db", str(books), "verify", "--compound", YBHY)
    one, both = verify_json(capsys, books, "--compound", YBHY), verify_json(capsys, books)
    assert one["ok"] is True and one["compounds"] == 1
    assert 0 < one["entries"] < both["entries"]


# --- balance ------------------------------------------------------------------------------


def test_balance_json_has_the_contract_shape(books: Path, capsys: Capsys) -> None:
    tb = balance_json(capsys, books, "2022-03")
    assert set(tb) == {"compound", "month", "accounts", "totals"}
    assert (tb["compound"], tb["month"]) == (YBHY, "2022-03")
    assert set(tb["totals"]) == {"debit", "credit"}
    assert tb["accounts"] and BANK in by_code(tb)
    for account in tb["accounts"]:
        assert set(account) == {"code", "name", "opening", "debit", "credit", "closing"}
        for key in ("opening", "debit", "credit", "closing"):
            assert isinstance(account[key], str) and AMOUNT.fullmatch(account[key]), account
    assert all(AMOUNT.fullmatch(v) for v in tb["totals"].values())


def test_balance_json_balances(books: Path, capsys: Capsys) -> None:
    tb = balance_json(capsys, books, "2022-03")
    assert tb["totals"]["debit"] == tb["totals"]["credit"] != "0.00"
    assert sum(Decimal(a["debit"]) for a in tb["accounts"]) == Decimal(tb["totals"]["debit"])
    for a in tb["accounts"]:
        expected = Decimal(a["opening"]) + Decimal(a["debit"]) - Decimal(a["credit"])
        assert Decimal(a["closing"]) == expected, a
    assert sum(Decimal(a["closing"]) for a in tb["accounts"]) == 0


def test_balance_opening_is_the_previous_months_closing(books: Path, capsys: Capsys) -> None:
    march, april = balance_json(capsys, books, "2022-03"), balance_json(capsys, books, "2022-04")
    openings = {a["code"]: Decimal(a["opening"]) for a in april["accounts"]}
    assert {c: v for c, v in openings.items() if v} == closings(march)


def test_balance_without_json_prints_a_table_with_totals(books: Path, capsys: Capsys) -> None:
    out = ok(capsys, "--db", str(books), "balance", "--compound", YBHY, "--month", "2022-03")
    assert YBHY in out and "合计" in out and "银行存款" in out
    total = balance_json(capsys, books, "2022-03")["totals"]["debit"]
    assert f"{Decimal(total):,.2f}" in out


# --- entries and income -------------------------------------------------------------------


def test_an_entry_is_drafted_approved_reversed_and_the_balance_returns(
    books: Path, capsys: Capsys
) -> None:
    db = str(books)
    this_month = local_today().strftime("%Y-%m")
    before_now = closings(balance_json(capsys, books, this_month))
    before_june = balance_json(capsys, books, "2022-06")
    listing = ("entry", "list", "--compound", YBHY, "--month", "2022-06", "--json")
    posted = json.loads(ok(capsys, "--db", db, *listing))
    draft = ok(capsys, "--db", db, *add("1002:100", "4301:-100", memo="临时停车费补收"))
    assert draft.isdigit()
    voucher = ok(capsys, "--db", db, *approve(draft))
    assert voucher == f"记-2022-06-{len(posted) + 1:04d}"
    june = balance_json(capsys, books, "2022-06")
    assert movement(before_june, june, BANK) == (Decimal("100.00"), ZERO)
    assert movement(before_june, june, PARKING) == (ZERO, Decimal("100.00"))
    reversal = ok(capsys, "--db", db, *reverse(voucher, "重复记账"))
    assert reversal.isdigit() and reversal != draft
    mirror = ok(capsys, "--db", db, *approve(reversal, "ybhy_wy"))
    assert re.fullmatch(r"记-\d{4}-\d{2}-\d{4}", mirror) and mirror != voucher
    assert closings(balance_json(capsys, books, this_month)) == before_now
    assert verify_json(capsys, books)["ok"] is True


def test_a_draft_is_listed_until_its_maker_discards_it(books: Path, capsys: Capsys) -> None:
    db = str(books)
    draft = ok(capsys, "--db", db, *add("1002:5", "4301:-5", memo="待作废"))
    listed = ok(capsys, "--db", db, "entry", "list", "--compound", YBHY, "--drafts", "--json")
    assert len(json.loads(listed)) == 1
    assert draft in ok(capsys, "--db", db, "entry", "discard", draft, "--user", "ybhy_cn")
    listed = ok(capsys, "--db", db, "entry", "list", "--compound", YBHY, "--drafts", "--json")
    assert json.loads(listed) == []


@pytest.mark.parametrize(
    ("gross", "deduction", "bank", "cost", "credit"),
    [
        ("1,000.00", None, "700.00", "300.00", "1000.00"),
        ("1,000.00", "0", "1000.00", "0.00", "1000.00"),
        ("1234.5", None, "864.15", "370.35", "1234.50"),
        ("¥1,234.50", None, "864.15", "370.35", "1234.50"),
        ("1234.50元", None, "864.15", "370.35", "1234.50"),
        ("１２３４.５０", None, "864.15", "370.35", "1234.50"),
    ],
    ids=["default-share", "deduction-0", "plain", "yen-grouped", "yuan-suffix", "full-width"],
)
def test_income_puts_the_net_in_the_bank_and_the_share_in_cost(
    books: Path,
    capsys: Capsys,
    gross: str,
    deduction: str | None,
    bank: str,
    cost: str,
    credit: str,
) -> None:
    db, cost_share = str(books), account_with_role("cost_share")
    before = balance_json(capsys, books, "2022-06")
    extra = ["--deduction", deduction] if deduction is not None else []
    draft = ok(capsys, "--db", db, *income(gross, *extra))
    assert draft.isdigit()
    assert ok(capsys, "--db", db, *approve(draft)).startswith("记-2022-06-")
    after = balance_json(capsys, books, "2022-06")
    assert movement(before, after, BANK) == (Decimal(bank), ZERO)
    assert movement(before, after, cost_share) == (Decimal(cost), ZERO)
    assert movement(before, after, PARKING) == (ZERO, Decimal(credit))


# --- init-db ------------------------------------------------------------------------------


def test_init_db_creates_an_empty_up_to_date_database(tmp_path: Path, capsys: Capsys) -> None:
    new = tmp_path / "new.db"
    assert CHINESE.search(ok(capsys, "init-db", "--db", str(new)))
    counts = row_counts(new)
    assert counts.pop("alembic_version") == 1
    assert {"entry", "posting", "audit_log", "app_user"} <= set(counts)
    assert set(counts.values()) == {0}
    assert json.loads(ok(capsys, "--db", str(new), "users", "--json")) == []
    assert verify_json(capsys, new)["ok"] is True


def test_init_db_again_is_harmless(books: Path, capsys: Capsys) -> None:
    before = (digest(capsys, books), row_counts(books))
    ok(capsys, "init-db", "--db", str(books))
    ok(capsys, "init-db", "--db", str(books))
    assert (digest(capsys, books), row_counts(books)) == before


# --- help, main.py ------------------------------------------------------------------------

COMMANDS = [
    (),
    ("demo",),
    ("users",),
    ("verify",),
    ("balance",),
    ("entry",),
    ("entry", "add"),
    ("entry", "approve"),
    ("entry", "reverse"),
    ("entry", "discard"),
    ("entry", "list"),
    ("income",),
    ("init-db",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_help_works_on_every_command(command: tuple[str, ...], capsys: Capsys) -> None:
    run = cli(capsys, *command, "--help")
    assert run.code == 0 and run.err == ""
    assert "用法" in run.out and CHINESE.search(run.out.replace("用法", ""))


def test_main_py_runs_verify_as_a_real_program(books: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LEDGER_DB", "LEDGER_RULES")}
    done = subprocess.run(
        [sys.executable, "main.py", "--db", str(books), "verify"],
        cwd=ROOT,
        env={**env, "LEDGER_PASSWORD": "demo"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "校验通过" in done.stdout and done.stderr == ""
