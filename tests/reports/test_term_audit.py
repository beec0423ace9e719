"""The term-end audit package (离任审计) on the demo street: the one-page summary, the workbook
and the `export audit` command."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ledger.domain.errors import PermissionDenied
from ledger.services import balances
from ledger.services.access import authenticate
from ledger.services.context import Context
from ledger.services.term_audit import term_package
from reports.pdf import amount
from reports.term_audit_pdf import render_term_audit
from tests.cli.support import Capsys, cli
from tests.reports.support import Pdf, need_poppler

YBHY = "迎宾花苑"
PERSON = "ybhy_zr"


def test_summary_is_one_page_with_the_balances(demo: Context, tmp_path: Path) -> None:
    need_poppler()
    auditor = authenticate(demo, "auditor", "demo")
    package = term_package(demo, auditor, compound=YBHY, person=PERSON)
    pdf = Pdf.write(render_term_audit(package), tmp_path / "summary.pdf")
    assert len(pdf.pages) == 1
    b = package.audit.balances
    assert package.audit.display_name in pdf.flat
    assert amount(b.bank_opening_fen) in pdf.flat and amount(b.bank_closing_fen) in pdf.flat
    assert b.bank_closing_fen == b.bank_opening_fen + b.income_fen - b.expense_fen
    assert sum(c.gross_fen for c in package.categories) == b.income_fen
    assert package.projects
    # Independent of the package: the trial balance at the end of the term's last month.
    tb = balances.trial_balance(demo, YBHY, package.last)
    bank = next(x for x in tb.accounts if x.code == "1002")
    assert bank.closing_fen == b.bank_closing_fen


def test_cli_writes_the_package(
    demo_db: Path, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_PASSWORD", "demo")
    out = tmp_path / "pkg"
    run = cli(
        capsys,
        "--db",
        str(demo_db),
        "export",
        "audit",
        "--compound",
        YBHY,
        "--person",
        PERSON,
        "-o",
        str(out),
        "--user",
        "auditor",
    )
    assert run.code == 0, run.err
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"离任审计-{PERSON}.{x}" for x in ("json", "pdf", "xlsx")]
    book = openpyxl.load_workbook(out / f"离任审计-{PERSON}.xlsx", read_only=True)
    assert "科目余额表" in book.sheetnames and "本人经手" in book.sheetnames
    own = list(book["本人经手"].iter_rows(min_row=2, values_only=True))
    data = json.loads((out / f"离任审计-{PERSON}.json").read_text(encoding="utf-8"))
    assert own and len(own) == sum(data["counts"].values())


def test_cli_refuses_without_audit(
    demo_db: Path, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_PASSWORD", "demo")
    out = tmp_path / "pkg"
    run = cli(
        capsys,
        "--db",
        str(demo_db),
        "export",
        "audit",
        "--compound",
        YBHY,
        "--person",
        PERSON,
        "-o",
        str(out),
        "--user",
        "ybhy_cn",
    )
    assert run.code != 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in run.err) and "Traceback" not in run.err
    assert not out.exists()


def test_service_refuses_without_audit(demo: Context) -> None:
    treasurer = authenticate(demo, "ybhy_cn", "demo")
    with pytest.raises(PermissionDenied):
        term_package(demo, treasurer, compound=YBHY, person=PERSON)
