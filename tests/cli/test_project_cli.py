"""A small project through the command line on the demo books (迎宾花苑, built up to 2022-06:
May prepared and frozen, June open): proposal, verification, legal review, a quote and the
choice, the committee vote, the notice's seal, the notice, work started once it is over, the
payment and its approval, acceptance and closing; `project list` and `project show` as JSON;
and the refusals — paying during the notice or past the budget or into the frozen month,
starting early, the wrong role — each a non-zero exit with a Chinese message, no traceback
and the books unchanged. Command lines are written as one string each (no argument has a
space in it)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.cli.support import (
    BANK,
    CHINESE,
    YBHY,
    Capsys,
    Run,
    approve,
    balance_json,
    cli,
    fingerprint,
    movement,
    ok,
    row_counts,
)

TREASURER, CHAIR, MEMBER, COMMUNITY, SUPERVISOR = (
    "ybhy_cn",
    "ybhy_zr",
    "ybhy_wy",
    "yb_shequ",
    "ybhy_jd",
)
PROJECT_SPENDING = "5101"
TITLE = "3号楼单元门禁维修"
BUDGET = "3000.00"  # a small project: one quote, a committee vote, no community gate

# From the proposal on 1 June to the notice of 8–14 June; {pid}, {quote}, {seal} are filled in.
TO_NOTICE = [
    f"project propose --compound {YBHY} --title {TITLE} --need 门禁损坏，外来人员随意进出"
    f" --proposer 王大爷 --proposer-kind building_head --estimate {BUDGET} --households 48"
    f" --date 2022-06-01 --user {CHAIR}",
    f"project verify {{pid}} --method door_to_door --evidence 走访48户 --date 2022-06-02"
    f" --user {CHAIR}",
    f"project review {{pid}} --reviewer 街道司法所 --opinion 属共有部分维修 --date 2022-06-03"
    f" --user {CHAIR}",
    f"project quote {{pid}} --vendor 安居门禁 --amount {BUDGET} --document 报价单2022-017"
    f" --date 2022-06-04 --user {TREASURER}",
    f"project choose {{pid}} --quote {{quote}} --date 2022-06-05 --user {CHAIR}",
    "project vote {pid} --body committee --members 5 --present 4 --for 3 --against 1"
    f" --abstain 0 --date 2022-06-06 --user {CHAIR}",
    f"seal request --compound {YBHY} --kind project_notice --document {TITLE}立项公示"
    f" --purpose 公示栏张贴 --project {{pid}} --user {CHAIR}",
    f"seal approve {{seal}} --opinion 同意用印 --user {COMMUNITY}",
    f"project publish {{pid}} --date 2022-06-08 --user {CHAIR}",
]


def argv(line: str, **ids: str) -> list[str]:
    return line.format(**ids).split()


def run(capsys: Capsys, db: Path, line: str, **ids: str) -> str:
    return ok(capsys, "--db", str(db), *argv(line, **ids))


def refused(capsys: Capsys, db: Path, line: str, *, quick: bool = False, **ids: str) -> Run:
    """The command exits non-zero, says why in Chinese on stderr without a traceback, and
    leaves the books exactly as they were (`quick`: every table's row count only, for a
    caller that compares the whole fingerprint around a batch of refusals)."""
    before = row_counts(db) if quick else fingerprint(capsys, db)
    result = cli(capsys, "--db", str(db), *argv(line, **ids))
    assert result.code != 0, (line, result.out)
    assert CHINESE.search(result.err), result.err
    assert "Traceback" not in result.err + result.out
    assert (row_counts(db) if quick else fingerprint(capsys, db)) == before
    return result


def project(capsys: Capsys, db: Path, pid: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(run(capsys, db, "project show {pid} --json", pid=pid))
    return shown


def to_notice(capsys: Capsys, db: Path) -> str:
    """A new project in its notice (8–14 June); returns its id."""
    ids: dict[str, str] = {}
    outputs = [run(capsys, db, line, **ids) for line in TO_NOTICE[:1]]
    ids["pid"] = outputs[0]
    for line in TO_NOTICE[1:]:
        out = run(capsys, db, line, **ids)
        if line.startswith("project quote"):
            ids["quote"] = out
        elif line.startswith("seal request"):
            ids["seal"] = out
        elif line.startswith("project vote"):
            assert "表决通过" in out
        elif line.startswith("project publish"):
            assert "2022-06-14" in out
    assert all(v.isdigit() for v in ids.values()), ids
    return ids["pid"]


def pay(amount: str, date: str = "2022-06-20", user: str = TREASURER) -> str:
    return f"pay --project {{pid}} --amount {amount} --payee 安居门禁 --date {date} --user {user}"


def to_work(capsys: Capsys, db: Path) -> str:
    pid = to_notice(capsys, db)
    run(capsys, db, f"project start {{pid}} --date 2022-06-15 --user {CHAIR}", pid=pid)
    return pid


def post(capsys: Capsys, db: Path, draft: str, user: str = MEMBER) -> str:
    return ok(capsys, "--db", str(db), *approve(draft, user))


def test_a_small_project_goes_from_proposal_to_closed_through_the_command_line(
    books: Path, capsys: Capsys
) -> None:
    pid = to_notice(capsys, books)
    assert project(capsys, books, pid)["state"] == "publicized"
    early = refused(
        capsys, books, f"project start {{pid}} --date 2022-06-14 --user {CHAIR}", pid=pid
    )
    assert "公示期到 2022-06-14" in early.err
    run(capsys, books, f"project start {{pid}} --date 2022-06-15 --user {CHAIR}", pid=pid)
    before = balance_json(capsys, books, "2022-06")
    draft = run(capsys, books, pay(BUDGET), pid=pid)
    voucher = post(capsys, books, draft)
    assert voucher.startswith("记-2022-06-")
    after = balance_json(capsys, books, "2022-06")
    assert movement(before, after, BANK) == (Decimal(0), Decimal(BUDGET))
    assert movement(before, after, PROJECT_SPENDING) == (Decimal(BUDGET), Decimal(0))
    run(
        capsys,
        books,
        f"project accept {{pid}} --result 门禁运行正常 --by 业委会、监督小组 --date 2022-06-25"
        f" --user {CHAIR}",
        pid=pid,
    )
    closed = run(capsys, books, f"project close {{pid}} --date 2022-06-28 --user {CHAIR}", pid=pid)
    assert "3,000.00" in closed
    shown = project(capsys, books, pid)
    assert (shown["state"], shown["paid"], shown["final_cost"], shown["remaining"]) == (
        "closed",
        BUDGET,
        BUDGET,
        "0.00",
    )
    assert [(s["action"], s["on_date"]) for s in shown["steps"]] == [
        ("propose", "2022-06-01"),
        ("verify", "2022-06-02"),
        ("review", "2022-06-03"),
        ("quote", "2022-06-04"),
        ("choose", "2022-06-05"),
        ("vote", "2022-06-06"),
        ("publish", "2022-06-08"),
        ("start", "2022-06-15"),
        ("accept", "2022-06-25"),
        ("close", "2022-06-28"),
    ]
    assert json.loads(run(capsys, books, "verify --json"))["ok"] is True


def test_project_list_gives_each_project_id_title_state_tier_and_budget(
    books: Path, capsys: Capsys
) -> None:
    pid = to_notice(capsys, books)
    listed = json.loads(run(capsys, books, f"project list --compound {YBHY} --json"))
    (line,) = [p for p in listed if str(p["id"]) == pid]
    assert {k: line[k] for k in ("id", "title", "state", "tier", "budget")} == {
        "id": int(pid),
        "title": TITLE,
        "state": "publicized",
        "tier": "small",
        "budget": BUDGET,
    }
    for p in listed:
        assert {"id", "title", "state", "tier", "budget"} <= set(p)
    only = json.loads(
        run(capsys, books, f"project list --compound {YBHY} --state publicized --json")
    )
    assert pid in [str(p["id"]) for p in only]
    assert all(p["state"] == "publicized" for p in only)
    text = run(capsys, books, f"project list --compound {YBHY}")
    assert TITLE in text and "公示中" in text


def test_project_show_gives_the_quotes_the_vote_and_the_notice(books: Path, capsys: Capsys) -> None:
    pid = to_notice(capsys, books)
    shown = project(capsys, books, pid)
    assert (shown["title"], shown["tier"], shown["budget"], shown["paid"]) == (
        TITLE,
        "small",
        BUDGET,
        "0.00",
    )
    assert (shown["notice_start"], shown["notice_end"]) == ("2022-06-08", "2022-06-14")
    (quote,) = shown["quotes"]
    assert (quote["vendor"], quote["amount"], quote["chosen"]) == ("安居门禁", BUDGET, True)
    (vote,) = shown["votes"]
    assert (vote["body"], vote["members"], vote["present"], vote["for"], vote["passed"]) == (
        "committee",
        5,
        4,
        3,
        True,
    )
    assert [c["met"] for c in vote["result"]["checks"]] == [True, True]
    text = run(capsys, books, "project show {pid}", pid=pid)
    assert TITLE in text and "公示期 2022-06-08 至 2022-06-14" in text


def test_paying_a_project_during_its_notice_is_refused(books: Path, capsys: Capsys) -> None:
    pid = to_notice(capsys, books)
    result = refused(capsys, books, pay("100.00", "2022-06-10"), pid=pid)
    assert "不能付款" in result.err and "公示中" in result.err


def test_paying_past_the_budget_is_refused_and_exactly_the_budget_is_not(
    books: Path, capsys: Capsys
) -> None:
    pid = to_work(capsys, books)
    result = refused(capsys, books, pay("3000.01"), pid=pid)
    assert "超出" in result.err and "0.01" in result.err
    post(capsys, books, run(capsys, books, pay("2000.00"), pid=pid))
    refused(capsys, books, pay("1000.01"), pid=pid)
    post(capsys, books, run(capsys, books, pay("1000.00"), pid=pid))
    assert project(capsys, books, pid)["remaining"] == "0.00"
    refused(capsys, books, pay("0.01"), pid=pid)


def test_a_payment_dated_in_the_prepared_month_is_refused(books: Path, capsys: Capsys) -> None:
    pid = to_work(capsys, books)
    result = refused(capsys, books, pay("100.00", "2022-05-31"), pid=pid)
    assert "2022年5月" in result.err and "月结" in result.err


WRONG_ROLES = [
    f"project verify {{pid}} --method phone --evidence 电话 --user {TREASURER}",
    f"project publish {{pid}} --user {SUPERVISOR}",
    f"project start {{pid}} --date 2022-06-15 --user {TREASURER}",
    f"project object {{pid}} --resident 某 --content 异议 --user {TREASURER}",
    f"project resolve {{objection}} --outcome dismissed --answer 答复 --user {CHAIR}",
    f"project accept {{pid}} --result 合格 --by 社区 --user {COMMUNITY}",
    "project close {pid} --user auditor",
    f"project reject {{pid}} --reason 不需要 --user {TREASURER}",
    f"project withdraw {{pid}} --reason 撤回 --user {COMMUNITY}",
    pay("100.00", user=CHAIR),
    f"seal approve {{seal}} --opinion 同意 --user {CHAIR}",
]


def test_the_wrong_role_is_refused_in_chinese_and_writes_nothing(
    books: Path, capsys: Capsys
) -> None:
    pid = to_notice(capsys, books)
    objection = run(
        capsys,
        books,
        f"project object {{pid}} --resident 某 --content 异议 --date 2022-06-09 --user {SUPERVISOR}",
        pid=pid,
    )
    seal = run(
        capsys,
        books,
        f"seal request --compound {YBHY} --kind contract --document 维修合同 --purpose 签约"
        f" --contract HT-2022-09 --user {TREASURER}",
    )
    before = fingerprint(capsys, books)
    for line in WRONG_ROLES:
        result = refused(capsys, books, line, quick=True, pid=pid, seal=seal, objection=objection)
        assert "权限" in result.err, (line, result.err)
    assert fingerprint(capsys, books) == before


def test_only_a_checker_posts_a_payment_and_only_a_major_one_goes_to_the_community(
    books: Path, capsys: Capsys
) -> None:
    pid = to_work(capsys, books)
    draft = run(capsys, books, pay("100.00"), pid=pid)
    assert "权限" in refused(capsys, books, f"entry approve {draft} --user {TREASURER}").err
    gate = f"pay approve {draft} --opinion 同意 --user {{user}}"
    assert "权限" in refused(capsys, books, gate, user=CHAIR).err
    assert "重大付款" in refused(capsys, books, gate, user=COMMUNITY).err
    post(capsys, books, draft)
    assert project(capsys, books, pid)["paid"] == "100.00"
