"""`month prepare|review|sign|publish|status` on the demo street (built to 2022-06: April
published, May prepared and awaiting its sign-offs, June open): the whole close through the
command line, and every refusal — non-zero exit, Chinese on stderr, nothing written."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ledger.cli.app import build_parser
from tests.cli.support import CHINESE, YBHY, Capsys, add, approve, cli, fingerprint, ok

MAY = ("--compound", YBHY, "--month", "2022-05")


def month(
    step: str, *extra: str, user: str | None = None, where: tuple[str, ...] = MAY
) -> tuple[str, ...]:
    tail = ("--user", user) if user else ()
    return ("month", step, *where, *extra, *tail)


def status(capsys: Capsys, books: Path, where: tuple[str, ...] = MAY) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        ok(capsys, "--db", str(books), *month("status", "--json", where=where))
    )
    return data


REVIEWED = (month("review", "--approve", "--comment", "核对无误", user="ybhy_jd"),)
SIGNED = (
    *REVIEWED,
    month("sign", "--as", "committee", user="ybhy_zr"),
    month("sign", "--as", "community", user="yb_shequ"),
)
SEAL_REQUEST = (
    "seal", "request", "--compound", YBHY, "--kind", "month_notice", "--document", "2022年5月收支公示",
    "--purpose", "张贴公示", "--month", "2022-05", "--user", "ybhy_zr",
)  # fmt: skip


def test_status_shows_the_demo_months_where_they_stand(books: Path, capsys: Capsys) -> None:
    april = status(capsys, books, ("--compound", YBHY, "--month", "2022-04"))
    assert april["state"] == "published" and len(april["snapshot_hash"]) == 64
    assert [s["step"] for s in april["signoffs"]] == [
        "prepare", "review", "sign_committee", "sign_community", "publish"
    ]  # fmt: skip
    assert [s["name"] for s in april["signoffs"]][:2] == ["李秀兰", "赵德明"]
    may = status(capsys, books)
    assert (may["state"], may["state_label"]) == ("prepared", "已编制，待监督小组审查")
    assert [(s["step"], s["user"]) for s in may["signoffs"]] == [("prepare", "ybhy_cn")]
    june = status(capsys, books, ("--compound", YBHY, "--month", "2022-06"))
    assert (june["state"], june["snapshot_hash"], june["signoffs"]) == ("open", None, [])
    text = ok(capsys, "--db", str(books), *month("status"))
    assert "已编制，待监督小组审查" in text and "李秀兰" in text and "下一步" in text


def test_the_whole_close_through_the_command_line(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    frozen = status(capsys, books)["snapshot_hash"]
    assert "审查通过" in ok(capsys, *db, *REVIEWED[0])
    for step in SIGNED[1:]:
        assert "签字" in ok(capsys, *db, *step)
    seal = ok(capsys, *db, *SEAL_REQUEST)
    ok(capsys, *db, "seal", "approve", seal, "--opinion", "同意", "--user", "yb_shequ")
    published = ok(capsys, *db, *month("publish", user="ybhy_zr"))
    assert "已公示锁账" in published and frozen in published
    after = status(capsys, books)
    assert after["state"] == "published" and after["snapshot_hash"] == frozen
    assert [s["user"] for s in after["signoffs"]] == [
        "ybhy_cn", "ybhy_jd", "ybhy_zr", "yb_shequ", "ybhy_zr"
    ]  # fmt: skip
    late = cli(capsys, *db, *add("1002:1", "4301:-1", date="2022-05-31"))
    assert late.code != 0 and "已经结账" in late.err
    assert "校验通过" in ok(capsys, *db, "verify")
    # June can now be prepared once reconciled (May is published); its bank gave a paper
    # statement, whose balance the treasurer types.
    june = (*MAY[:3], "2022-06")
    first = json.loads(
        cli(
            capsys, *db, "reconcile", *june, "--bank-balance", "0", "--json", "--user", "ybhy_cn"
        ).out
    )
    paper = f"{Decimal(first['bank_balance']) - Decimal(first['difference']):.2f}"
    ok(capsys, *db, "reconcile", *june, "--bank-balance", paper, "--user", "ybhy_cn")
    assert "快照" in ok(capsys, *db, *month("prepare", user="ybhy_cn", where=june))


def test_a_month_sent_back_opens_for_posting_and_is_prepared_again(
    books: Path, capsys: Capsys
) -> None:
    db = ("--db", str(books))
    refusal = cli(capsys, *db, *add("1002:1", "4301:-1", date="2022-05-31"))
    assert refusal.code == 1 and "数字已冻结" in refusal.err
    back = month("review", "--return", "--comment", "5月31日停车费漏记", user="ybhy_jd")
    assert "已退回" in ok(capsys, *db, *back)
    assert status(capsys, books)["state"] == "open"
    ok(capsys, *db, *approve(ok(capsys, *db, *add("1002:1", "4301:-1", date="2022-05-31"))))
    stale = cli(capsys, *db, *month("prepare", user="ybhy_cn"))
    assert stale.code == 1 and "对账之后账簿或银行流水有了变动" in stale.err
    assert "调节后相符" in ok(capsys, *db, "reconcile", *MAY, "--user", "ybhy_cn")
    ok(capsys, *db, *month("prepare", user="ybhy_cn"))
    again = status(capsys, books)
    assert [(s["step"], s["decision"]) for s in again["signoffs"]] == [
        ("prepare", "submitted"), ("review", "returned"), ("prepare", "submitted")
    ]  # fmt: skip
    assert again["signoffs"][1]["comment"] == "5月31日停车费漏记"


REFUSALS = [
    ("prepare-out-of-order", (), month("prepare", user="ybhy_cn", where=(*MAY[:3], "2022-06")), 1, "请先完成 2022年5月"),
    ("prepare-again", (), month("prepare", user="ybhy_cn"), 1, "已经编制过月结"),
    ("prepare-by-committee", (), month("prepare", user="ybhy_zr"), 3, "权限"),
    ("prepare-without-user", (), month("prepare"), 3, "--user"),
    ("prepare-bad-month", (), month("prepare", user="ybhy_cn", where=(*MAY[:3], "2022-13")), 2, "2022-13"),
    ("prepare-unknown-compound", (), month("prepare", user="ybhy_cn", where=("--compound", "不存在小区", "--month", "2022-05")), 1, "不存在小区"),
    ("review-by-treasurer", (), month("review", "--approve", user="ybhy_cn"), 3, "监督小组"),
    ("review-neither", (), month("review", user="ybhy_jd"), 2, "--approve"),
    ("review-both", (), month("review", "--approve", "--return", user="ybhy_jd"), 2, "不能与"),
    ("return-without-reason", (), month("review", "--return", user="ybhy_jd"), 2, "退回理由不能为空"),
    ("sign-before-review", (), month("sign", "--as", "committee", user="ybhy_zr"), 1, "待监督小组审查"),
    ("community-signs-first", REVIEWED, month("sign", "--as", "community", user="yb_shequ"), 1, "由业委会签字"),
    ("sign-as-supervisor", REVIEWED, month("sign", "--as", "supervisor", user="ybhy_jd"), 2, "--as 只能是"),
    ("sign-as-unknown", REVIEWED, month("sign", "--as", "mayor", user="ybhy_zr"), 2, "未知角色"),
    ("sign-as-committee-by-community", REVIEWED, month("sign", "--as", "committee", user="yb_shequ"), 3, "权限"),
    ("publish-before-signatures", REVIEWED, month("publish", user="ybhy_zr"), 1, "由业委会签字"),
    ("publish-without-seal", SIGNED, month("publish", user="ybhy_zr"), 1, "用印"),
    ("publish-with-seal-only-requested", (*SIGNED, SEAL_REQUEST), month("publish", user="ybhy_zr"), 1, "用印"),
    ("publish-by-community", SIGNED, month("publish", user="yb_shequ"), 3, "业委会"),
    ("status-unknown-compound", (), month("status", where=("--compound", "不存在小区", "--month", "2022-05")), 1, "不存在小区"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("setup", "argv", "code", "expect"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_a_refused_month_step_exits_non_zero_in_chinese_and_writes_nothing(
    books: Path,
    capsys: Capsys,
    setup: tuple[tuple[str, ...], ...],
    argv: tuple[str, ...],
    code: int,
    expect: str,
) -> None:
    for step in setup:
        ok(capsys, "--db", str(books), *step)
    before = fingerprint(capsys, books), status(capsys, books)
    run = cli(capsys, "--db", str(books), *argv)
    assert run.code == code, run.err
    assert CHINESE.search(run.err) and expect in run.err, run.err
    assert "Traceback" not in run.err + run.out
    assert (fingerprint(capsys, books), status(capsys, books)) == before


def test_every_month_option_has_chinese_help(capsys: Capsys) -> None:
    commands = _subparsers(build_parser())["month"]
    steps = _subparsers(commands)
    assert set(steps) == {"prepare", "review", "sign", "publish", "status"}
    for name, parser in steps.items():
        for action in parser._actions:
            assert action.help and CHINESE.search(action.help), (name, action.dest)
        run = cli(capsys, "month", name, "--help")
        assert run.code == 0 and "用法" in run.out


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")
