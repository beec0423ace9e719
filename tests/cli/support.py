"""Running the command line in-process, and reading what it printed and what it stored."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from ledger.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
AMOUNT = re.compile(r"-?\d+\.\d{2}")
UNTIL = "2022-06"
YBHY = "迎宾花苑"
BANK = "1002"
PARKING = "4301"
ZERO = Decimal(0)

Capsys = pytest.CaptureFixture[str]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def cli(capsys: Capsys, *argv: str) -> Run:
    """`python main.py ARGV…` in this process: exit code, stdout and stderr."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse: usage errors and --help
        code = 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def ok(capsys: Capsys, *argv: str) -> str:
    """Run a command that must succeed; its stdout, stripped."""
    run = cli(capsys, *argv)
    assert run.code == 0, f"{argv} exited {run.code}: {run.err}"
    assert "Traceback" not in run.err
    return run.out.strip()


def add(
    *lines: str,
    date: str = "2022-06-20",
    memo: str = "测试凭证",
    user: str = "ybhy_cn",
    compound: str = YBHY,
) -> tuple[str, ...]:
    """`entry add` arguments; each line is CODE:AMOUNT."""
    spec = [x for line in lines for x in ("--line", line)]
    head = ("entry", "add", "--compound", compound, "--date", date, "--memo", memo)
    return (*head, *spec, "--user", user)


def income(
    gross: str,
    *extra: str,
    category: str = "parking",
    date: str = "2022-06-21",
    compound: str = YBHY,
) -> tuple[str, ...]:
    """`income` arguments, drafted by 迎宾花苑's treasurer."""
    head = ("income", "--compound", compound, "--date", date, "--category", category)
    return (*head, "--gross", gross, *extra, "--user", "ybhy_cn")


def approve(draft: str, user: str = "ybhy_zr") -> tuple[str, ...]:
    return ("entry", "approve", draft, "--user", user)


def reverse(voucher: str, reason: str = "金额录错", *extra: str) -> tuple[str, ...]:
    return ("entry", "reverse", voucher, "--reason", reason, *extra, "--user", "ybhy_cn")


def verify_json(capsys: Capsys, db: Path, *extra: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(capsys, "--db", str(db), "verify", "--json", *extra))
    return data


def digest(capsys: Capsys, db: Path) -> str:
    return str(verify_json(capsys, db)["digest"])


def row_counts(db: Path) -> dict[str, int]:
    """Rows in every table sqlite_master lists, read with the stdlib driver (except the refusal
    log, where a refused command is recorded by design)."""
    with closing(sqlite3.connect(db)) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if r[0] != "refusal_log"
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def fingerprint(capsys: Capsys, db: Path) -> tuple[str, dict[str, int]]:
    """Equal fingerprints before and after a command: the command wrote nothing."""
    return digest(capsys, db), row_counts(db)


def balance_json(capsys: Capsys, db: Path, month: str, compound: str = YBHY) -> dict[str, Any]:
    args = ("balance", "--compound", compound, "--month", month, "--json")
    data: dict[str, Any] = json.loads(ok(capsys, "--db", str(db), *args))
    return data


def by_code(tb: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {a["code"]: a for a in tb["accounts"]}


def movement(before: dict[str, Any], after: dict[str, Any], code: str) -> tuple[Decimal, Decimal]:
    """How much more was debited and credited to `code` in `after` than in `before`."""
    zero = {"debit": "0.00", "credit": "0.00"}
    old, new = by_code(before).get(code, zero), by_code(after).get(code, zero)
    return (
        Decimal(new["debit"]) - Decimal(old["debit"]),
        Decimal(new["credit"]) - Decimal(old["credit"]),
    )


def closings(tb: dict[str, Any]) -> dict[str, Decimal]:
    return {a["code"]: Decimal(a["closing"]) for a in tb["accounts"] if Decimal(a["closing"])}


def account_with_role(role: str) -> str:
    """The code rules.yaml gives the account with this role (e.g. cost_share)."""
    rules = yaml.safe_load((ROOT / "rules.yaml").read_text(encoding="utf-8"))
    (code,) = [a["code"] for a in rules["accounts"] if a.get("role") == role]
    return str(code)
