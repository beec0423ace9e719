"""Every refusal of the command line: a non-zero exit, a Chinese message on stderr and no
traceback, and the books untouched (the verify digest and every table's row count)."""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from _pytest.mark import ParameterSet

from tests.cli.support import (
    CHINESE,
    ROOT,
    YBHY,
    Capsys,
    add,
    approve,
    cli,
    fingerprint,
    income,
    reverse,
)
from tests.reliability.file_state import assert_unchanged, file_state


@dataclass(frozen=True)
class Refusal:
    """`argv` is refused. `setup` runs first and must succeed; `{0}`, `{1}`… in later
    arguments stand for the last line each setup step printed (a draft id, a voucher)."""

    argv: tuple[str, ...]
    setup: tuple[tuple[str, ...], ...] = ()
    expect: tuple[str, ...] = ()  # texts stderr must contain
    password: str | None = "demo"  # None: LEDGER_PASSWORD unset and no terminal
    rules: str | None = None  # "broken" or "missing": --rules points at such a file
    missing_db: bool = False  # --db points at a file that does not exist


GOOD = add("1002:100", "4301:-100")
POSTED = "记-2022-06-0001"  # exists in both demo compounds
IN_YBHY = ("--compound", YBHY)
REVERSED = (reverse(POSTED, "录错", *IN_YBHY, "--date", "2022-06-30"), approve("{0}"))


def case(
    name: str,
    argv: tuple[str, ...],
    *,
    setup: tuple[tuple[str, ...], ...] = (),
    expect: tuple[str, ...] = (),
    password: str | None = "demo",
    rules: str | None = None,
    missing_db: bool = False,
) -> ParameterSet:
    refusal = Refusal(argv, setup, expect, password, rules, missing_db)
    return pytest.param(refusal, id=name)


CORPUS = [
    # amounts
    case("amount-three-decimals", income("1.234"), expect=("最多两位小数",)),
    case("amount-exponent", income("1e5")),
    case("amount-nan", income("nan")),
    case("amount-inf", income("inf")),
    case("amount-letters", income("abc")),
    case("amount-empty", income("")),
    case("amount-bad-grouping", income("1,23,4")),
    case("amount-over-ten-trillion", income("10000000000001"), expect=("上限",)),
    case("amount-negative-gross", income("-5"), expect=("负",)),
    case("amount-zero-gross", income("0")),
    case("amount-negative-deduction", income("1000", "--deduction", "-1")),
    case("amount-deduction-over-gross", income("1000", "--deduction", "1000.01")),
    case("amount-bad-line-amount", add("1002:1.234", "4301:-1.234")),
    case("line-without-amount", add("1002", "4301:-100")),
    # dates
    case("date-month-13", add("1002:1", "4301:-1", date="2022-13-01")),
    case("date-february-30", add("1002:1", "4301:-1", date="2022-02-30")),
    case("date-two-digit-year", add("1002:1", "4301:-1", date="22-6-1")),
    case("date-empty", add("1002:1", "4301:-1", date="")),
    case("date-before-opening", add("1002:1", "4301:-1", date="2021-12-21"), expect=("开立",)),
    case("date-in-future", add("1002:1", "4301:-1", date="2099-01-01")),
    case("income-date-in-future", income("100", date="2099-01-01")),
    case("reversal-date-malformed", reverse(POSTED, "录错", *IN_YBHY, "--date", "2022-6-31")),
    # lines
    case("unknown-account", add("9999:100", "4301:-100"), expect=("9999",)),
    case("unbalanced", add("1002:100", "4301:-90"), expect=("借贷不平",)),
    case("single-line", add("1002:100")),
    case("zero-line", add("1002:100", "4301:-100", "5101:0")),
    case("memo-control-character", add("1002:1", "4301:-1", memo="停车\x07费")),
    case("memo-blank", add("1002:1", "4301:-1", memo="   ")),
    case("memo-too-long", add("1002:1", "4301:-1", memo="费" * 201)),
    case("attachments-out-of-range", (*GOOD, "--attachments", "1000")),
    case("attachment-file-missing", (*GOOD, "--attach", "/nonexistent/收据.jpg")),
    # names
    case("unknown-compound", add("1002:1", "4301:-1", compound="不存在小区")),
    case("unknown-compound-income", income("100", compound="不存在小区")),
    case("unknown-category", income("100", category="lottery"), expect=("lottery",)),
    # who
    case("wrong-password", GOOD, password="wrong-password"),
    case("no-password-no-terminal", GOOD, password=None, expect=("LEDGER_PASSWORD",)),
    case("unknown-user", add("1002:1", "4301:-1", user="nobody")),
    case("missing-user-add", GOOD[:-2], expect=("--user",)),
    case("missing-user-income", income("100")[:-2]),
    case("missing-user-approve", approve("{0}")[:-2], setup=(GOOD,)),
    case("auditor-drafts", add("1002:1", "4301:-1", user="auditor"), expect=("权限",)),
    case("committee-drafts", add("1002:1", "4301:-1", user="ybhy_zr"), expect=("权限",)),
    case("other-compound-treasurer-drafts", add("1002:1", "4301:-1", user="xxyj_cn")),
    case(
        "treasurer-approves-own-draft", approve("{0}", "ybhy_cn"), setup=(GOOD,), expect=("权限",)
    ),
    case("supervisor-approves", approve("{0}", "ybhy_jd"), setup=(GOOD,), expect=("权限",)),
    case("community-approves", approve("{0}", "yb_shequ"), setup=(GOOD,)),
    case("other-compound-committee-approves", approve("{0}", "xxyj_zr"), setup=(GOOD,)),
    case("other-user-discards", ("entry", "discard", "{0}", "--user", "ybhy_zr"), setup=(GOOD,)),
    # drafts
    case("approve-missing-draft", approve("999999"), expect=("999999",)),
    case("approve-non-numeric-draft", approve("abc")),
    case("approve-negative-draft", approve("-1")),
    case("approve-approved-draft", approve("{0}", "ybhy_wy"), setup=(GOOD, approve("{0}"))),
    case(
        "approve-discarded-draft",
        approve("{0}"),
        setup=(GOOD, ("entry", "discard", "{0}", "--user", "ybhy_cn")),
    ),
    case("locked-month", add("1002:1", "4301:-1", date="2022-03-10"), expect=("结账",)),
    case(
        "overdraft", approve("{0}"), setup=(add("5101:999999", "1002:-999999"),), expect=("1002",)
    ),
    # reversals
    case("reverse-missing-voucher", reverse("记-2022-06-9999", "录错", *IN_YBHY)),
    case("reverse-malformed-voucher", reverse("garbage")),
    case("reverse-ambiguous-voucher", reverse(POSTED), expect=("--compound",)),
    case("reverse-empty-reason", reverse(POSTED, "", *IN_YBHY)),
    case("reverse-blank-reason", reverse(POSTED, "  ", *IN_YBHY)),
    case("reverse-twice", reverse(POSTED, "再冲一次", *IN_YBHY), setup=REVERSED),
    case(
        "reverse-while-reversal-pending",
        reverse(POSTED, "再冲一次", *IN_YBHY),
        setup=(REVERSED[0],),
    ),
    case("reverse-a-reversal", reverse("{1}", "冲销冲销", *IN_YBHY), setup=REVERSED),
    # command line, files
    case("missing-database-file-add", GOOD, missing_db=True, expect=("不存在",)),
    case("missing-database-file-verify", ("verify",), missing_db=True),
    case("unknown-subcommand", ("bogus",)),
    case("unknown-entry-action", ("entry", "frobnicate")),
    case("entry-without-action", ("entry",)),
    case("missing-required-option", ("entry", "add", "--compound", YBHY, "--date", "2022-06-20")),
    case("attachments-not-a-number", (*GOOD, "--attachments", "two")),
    case("balance-month-15", ("balance", "--compound", YBHY, "--month", "2022-15")),
    case("balance-unknown-compound", ("balance", "--compound", "不存在小区", "--month", "2022-05")),
    case("list-bad-month", ("entry", "list", "--compound", YBHY, "--month", "2022-00")),
    case("rules-broken", GOOD, rules="broken", expect=("bogus_key", "major_payment_limit")),
    case("rules-missing", GOOD, rules="missing", expect=("找不到",)),
    case("demo-over-existing-file", ("demo", "--until", "2022-02")),
    case("demo-until-future", ("demo", "--until", "2099-01", "--force")),
    case("demo-until-too-early", ("demo", "--until", "2021-11", "--force")),
    case("demo-until-malformed", ("demo", "--until", "June", "--force")),
]


def _fill(argv: tuple[str, ...], printed: list[str]) -> list[str]:
    return [re.sub(r"\{(\d)\}", lambda m: printed[int(m[1])], a) for a in argv]


def _rules_file(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"rules-{kind}.yaml"
    if kind == "broken":  # an unknown key and a money amount written as a YAML float
        text = (ROOT / "rules.yaml").read_text(encoding="utf-8")
        text = text.replace("notice_days: 7", "notice_days: 7\nbogus_key: 1", 1)
        text = re.sub(r'major_payment_limit: "50000.00"', "major_payment_limit: 50000.00", text)
        assert "bogus_key" in text and "major_payment_limit: 50000.00" in text
        path.write_text(text, encoding="utf-8")
    return path


def test_the_corpus_is_large() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("refusal", CORPUS)
def test_a_refused_command_says_why_in_chinese_and_writes_nothing(
    refusal: Refusal, books: Path, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[str] = []
    for step in refusal.setup:
        run = cli(capsys, "--db", str(books), *_fill(step, printed))
        assert run.code == 0, f"setup {step}: {run.err}"
        printed.append(run.out.strip().splitlines()[-1])
    before = fingerprint(capsys, books)
    file_before = file_state(books)

    missing = tmp_path / "missing.db" if refusal.missing_db else None
    prefix = ["--db", str(missing or books)]
    if refusal.rules:
        prefix += ["--rules", str(_rules_file(refusal.rules, tmp_path))]
    if refusal.password is None:
        monkeypatch.delenv("LEDGER_PASSWORD")
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    else:
        monkeypatch.setenv("LEDGER_PASSWORD", refusal.password)
    run = cli(capsys, *prefix, *_fill(refusal.argv, printed))

    assert run.code != 0, run.out
    assert CHINESE.search(run.err), run.err
    assert "Traceback" not in run.err + run.out
    for text in refusal.expect:
        assert text in run.err
    assert fingerprint(capsys, books) == before
    assert_unchanged(file_before, file_state(books), run.code)  # byte for byte, see there
    if missing is not None:
        assert not missing.exists()
