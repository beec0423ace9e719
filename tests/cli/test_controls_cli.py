"""The command line of the controls: `seal request|approve|use|list` and `complaint
add|answer|list`, run in-process on a copy of the demo street. Every refusal exits non-zero
with a Chinese message and leaves the books as they were."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ledger.domain.clock import local_today
from ledger.store import org
from ledger.store.database import Database
from ledger.store.schema_controls import Project
from tests.cli.support import CHINESE, YBHY, Capsys, add, cli, fingerprint, ok, verify_json
from tests.helpers import sealed

ZR, CN, JD, SQ, OTHER_SQ = "ybhy_zr", "ybhy_cn", "ybhy_jd", "yb_shequ", "gn_shequ"


def seal_request(*extra: str, kind: str = "contract", user: str = CN) -> tuple[str, ...]:
    head = ("seal", "request", "--compound", YBHY, "--kind", kind)
    return (*head, "--document", "绿化养护合同", "--purpose", "签订合同", *extra, "--user", user)


def seal_lines(capsys: Capsys, db: Path) -> dict[int, dict[str, Any]]:
    data = json.loads(ok(capsys, "--db", str(db), "seal", "list", "--compound", YBHY, "--json"))
    return {line["id"]: line for line in data}


def complaint_add(*extra: str, user: str = JD, date: str = "2022-06-15") -> tuple[str, ...]:
    head = ("complaint", "add", "--compound", YBHY, "--channel", "热线", "--date", date)
    return (
        *head,
        "--resident",
        "5号楼刘先生",
        "--content",
        "地下车库灯不亮",
        *extra,
        "--user",
        user,
    )


def complaints(capsys: Capsys, db: Path, *extra: str) -> list[dict[str, Any]]:
    args = ("complaint", "list", "--compound", YBHY, *extra, "--json")
    data: list[dict[str, Any]] = json.loads(ok(capsys, "--db", str(db), *args))
    return data


def add_project(db: Path, state: str) -> int:
    """A project row as the project commands would leave it (they are tested elsewhere)."""
    database = Database(str(db))
    try:
        with database.write() as session:
            c = org.compound_by_name(session, YBHY)
            user = org.user_by_name(session, ZR)
            assert user is not None
            now = dt.datetime(2022, 6, 20, 2, tzinfo=dt.UTC)
            p = Project(
                compound_id=c.id,
                title="单元门禁更换",
                need="门禁损坏",
                proposer="楼栋长",
                proposer_kind="building_head",
                estimate_fen=300_000,
                tier="small",
                state=state,
                created_by=user.id,
                created_at=now,
                updated_at=now,
            )
            session.add(p)
            session.flush()
            sealed(session, c.id, user.id, now, f"project:{p.id}")
            return p.id
    finally:
        database.dispose()


# --- seal ---------------------------------------------------------------------------------


def test_a_seal_is_requested_approved_used_and_registered(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    before = seal_lines(capsys, books)
    sid = int(ok(capsys, *db, *seal_request("--contract", "HT-2022-07")))
    line = seal_lines(capsys, books)[sid]
    assert line["register_no"] == max((x["register_no"] for x in before.values()), default=0) + 1
    assert (line["state"], line["state_label"], line["kind_label"]) == (
        "requested",
        "待审批",
        "合同",
    )
    assert (line["contract_ref"], line["requested_by"]) == ("HT-2022-07", "李秀兰")
    out = ok(capsys, *db, "seal", "approve", str(sid), "--opinion", "同意用印", "--user", SQ)
    assert f"#{sid}" in out and "已批准" in out
    out = ok(capsys, *db, "seal", "use", str(sid), "--user", SQ)
    assert f"#{sid}" in out and "已登记盖章" in out
    line = seal_lines(capsys, books)[sid]
    assert (line["state"], line["opinion"]) == ("used", "同意用印")
    assert "马建国" in line["decided_by"] and "马建国" in line["used_by"]
    assert line["used_at"] is not None and line["decided_at"] <= line["used_at"]
    table = ok(capsys, *db, "seal", "list", "--compound", YBHY)
    assert "登记号" in table and "绿化养护合同" in table and "合同 HT-2022-07" in table
    assert verify_json(capsys, books)["ok"]


def test_a_payment_seal_links_the_draft_and_a_refusal_says_why(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    draft = ok(capsys, *db, *add("5101:100", "1002:-100", memo="付维修款"))
    sid = ok(capsys, *db, *seal_request("--draft", draft, kind="大额付款", user=ZR))
    out = ok(capsys, *db, "seal", "approve", sid, "--refuse", "--opinion", "缺发票", "--user", SQ)
    assert "不予用印" in out
    line = seal_lines(capsys, books)[int(sid)]
    assert (line["kind"], line["draft_id"], line["state"]) == ("payment", int(draft), "refused")
    assert line["opinion"] == "缺发票" and line["link"] == f"付款草稿 #{draft}"


def test_a_project_notice_and_a_month_notice(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    pid = add_project(books, "voted")
    sid = ok(capsys, *db, *seal_request("--project", str(pid), kind="project_notice", user=ZR))
    assert seal_lines(capsys, books)[int(sid)]["project_title"] == "单元门禁更换"
    sid = ok(capsys, *db, *seal_request("--month", "2022年6月", kind="月度公示", user=ZR))
    assert seal_lines(capsys, books)[int(sid)]["month"] == "2022-06"


SEAL_REFUSALS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("community-requests", seal_request(user=SQ), ("申请用印", "出纳/记账")),
    ("supervisor-requests", seal_request(user=JD), ("申请用印",)),
    ("auditor-requests", seal_request(user="auditor"), ("申请用印",)),
    ("unknown-kind", seal_request(kind="stamp"), ("stamp", "立项公示")),
    ("contract-without-ref", seal_request(), ("合同编号",)),
    ("month-notice-without-month", seal_request(kind="month_notice"), ("公示月份",)),
    ("payment-without-draft", seal_request(kind="payment"), ("付款凭证草稿编号",)),
    ("notice-without-project", seal_request(kind="project_notice"), ("项目编号",)),
    ("unknown-project", seal_request("--project", "99999", kind="project_notice"), ("#99999",)),
    ("unknown-draft", seal_request("--draft", "99999", kind="payment"), ("#99999",)),
    ("bad-draft-id", seal_request("--draft", "abc", kind="payment"), ("草稿编号", "正整数")),
    ("month-13", seal_request("--month", "2022-13", kind="month_notice"), ("2022-13",)),
    ("month-before-account", seal_request("--month", "2021-11", kind="month_notice"), ("早于",)),
    ("month-future", seal_request("--month", "2099-01", kind="month_notice"), ("还没有到",)),
    ("empty-purpose", seal_request("--contract", "X", "--purpose", " "), ("用印事由",)),
    ("unknown-compound", ("seal", "list", "--compound", "无此小区"), ("无此小区",)),
    (
        "approve-unknown",
        ("seal", "approve", "99999", "--opinion", "同意", "--user", SQ),
        ("#99999",),
    ),
    ("approve-bad-id", ("seal", "approve", "x1", "--opinion", "同意", "--user", SQ), ("正整数",)),
    ("approve-no-opinion", ("seal", "approve", "1", "--user", SQ), ("--opinion",)),
    ("use-unknown", ("seal", "use", "99999", "--user", SQ), ("#99999",)),
    ("no-user", ("seal", "use", "1"), ("--user",)),
]


@pytest.mark.parametrize(("argv", "words"), [pytest.param(a, w, id=n) for n, a, w in SEAL_REFUSALS])
def test_seal_refusals(
    books: Path, capsys: Capsys, argv: tuple[str, ...], words: tuple[str, ...]
) -> None:
    refused(books, capsys, argv, words)


def test_seal_refusals_that_need_a_request(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    sid = ok(capsys, *db, *seal_request("--contract", "HT-9"))

    def approve(user: str, *extra: str) -> tuple[str, ...]:
        return ("seal", "approve", sid, *extra, "--user", user)

    refused(books, capsys, approve(ZR, "--opinion", "同意"), ("审批用印", "社区党委"))
    refused(books, capsys, approve(OTHER_SQ, "--opinion", "同意"), ("阿依古丽", YBHY))
    refused(books, capsys, approve(SQ, "--refuse", "--opinion", " "), ("不予用印的理由",))
    refused(books, capsys, ("seal", "use", sid, "--user", SQ), ("待审批", "不能盖章"))
    ok(capsys, *db, *approve(SQ, "--opinion", "同意"))
    refused(books, capsys, ("seal", "use", sid, "--user", CN), ("登记盖章", "社区党委"))
    refused(books, capsys, approve(SQ, "--opinion", "再批一次"), ("已批准待盖章", "不能审批"))
    ok(capsys, *db, "seal", "use", sid, "--user", SQ)
    refused(books, capsys, ("seal", "use", sid, "--user", SQ), ("已盖章", "不能盖章"))
    closed = add_project(books, "closed")
    notice = seal_request("--project", str(closed), kind="project_notice")
    refused(books, capsys, notice, ("已结项",))


# --- complaint ----------------------------------------------------------------------------------


def test_a_complaint_is_added_answered_and_listed(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    cid = int(ok(capsys, *db, *complaint_add()))
    assert cid in [c["id"] for c in complaints(capsys, books, "--unanswered")]
    out = ok(
        capsys,
        *db,
        "complaint",
        "answer",
        str(cid),
        "--answer",
        "已更换灯管",
        "--date",
        "2022-06-18",
        "--user",
        ZR,
    )
    assert f"#{cid}" in out and "2022-06-18" in out
    assert cid not in [c["id"] for c in complaints(capsys, books, "--unanswered")]
    (view,) = [c for c in complaints(capsys, books, "--month", "2022-06") if c["id"] == cid]
    assert (view["channel"], view["channel_label"], view["resident"]) == (
        "hotline",
        "热线",
        "5号楼刘先生",
    )
    assert (view["answer"], view["answered_by"], view["answered_on"]) == (
        "已更换灯管",
        "张卫东",
        "2022-06-18",
    )
    assert view["recorded_by"] == "赵德明" and view["days_to_answer"] == 3
    assert cid not in [c["id"] for c in complaints(capsys, books, "--month", "2022-05")]
    table = ok(capsys, *db, "complaint", "list", "--compound", YBHY)
    assert "收到日期" in table and "已答复" in table and "地下车库灯不亮" in table
    assert verify_json(capsys, books)["ok"]


def test_an_answer_defaults_to_today(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books))
    cid = ok(capsys, *db, *complaint_add("--project", str(add_project(books, "in_progress"))))
    ok(capsys, *db, "complaint", "answer", cid, "--answer", "已处理", "--user", SQ)
    (view,) = [c for c in complaints(capsys, books) if c["id"] == int(cid)]
    assert view["answered_on"] == local_today().isoformat()
    assert view["project_title"] == "单元门禁更换"


COMPLAINT_REFUSALS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("auditor-adds", complaint_add(user="auditor"), ("登记投诉建议",)),
    ("other-community-adds", complaint_add(user=OTHER_SQ), ("阿依古丽", YBHY)),
    ("future-date", complaint_add(date="2099-01-01"), ("晚于今天",)),
    ("before-account", complaint_add(date="2021-12-21"), ("早于",)),
    ("bad-date", complaint_add(date="2022-02-30"), ("不存在",)),
    (
        "unknown-channel",
        (*complaint_add()[:4], "--channel", "wechat", *complaint_add()[6:]),
        ("wechat",),
    ),
    ("unknown-project", complaint_add("--project", "99999"), ("#99999",)),
    (
        "answer-unknown",
        ("complaint", "answer", "99999", "--answer", "好", "--user", ZR),
        ("#99999",),
    ),
    (
        "list-bad-month",
        ("complaint", "list", "--compound", YBHY, "--month", "2022-6-1"),
        ("YYYY-MM",),
    ),
    ("add-missing-content", (*complaint_add()[:-4], "--user", JD), ("--content",)),
]


@pytest.mark.parametrize(
    ("argv", "words"), [pytest.param(a, w, id=n) for n, a, w in COMPLAINT_REFUSALS]
)
def test_complaint_refusals(
    books: Path, capsys: Capsys, argv: tuple[str, ...], words: tuple[str, ...]
) -> None:
    refused(books, capsys, argv, words)


def test_complaint_answer_refusals(books: Path, capsys: Capsys) -> None:
    cid = ok(capsys, "--db", str(books), *complaint_add())

    def answer(user: str, *extra: str) -> tuple[str, ...]:
        return ("complaint", "answer", cid, "--answer", "已处理", *extra, "--user", user)

    refused(books, capsys, answer(CN), ("答复投诉建议", "业委会"))
    refused(books, capsys, answer(JD), ("答复投诉建议",))
    refused(books, capsys, answer(ZR, "--date", "2022-06-14"), ("早于收到日期",))
    refused(books, capsys, answer(ZR, "--date", "2099-06-14"), ("晚于今天",))
    ok(capsys, "--db", str(books), *answer(ZR, "--date", "2022-06-16"))
    refused(books, capsys, answer(SQ), ("已于 2022-06-16 答复过",))


# --- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("seal", "--help"),
        ("seal", "request", "--help"),
        ("seal", "approve", "--help"),
        ("seal", "use", "--help"),
        ("seal", "list", "--help"),
        ("complaint", "--help"),
        ("complaint", "add", "--help"),
        ("complaint", "answer", "--help"),
        ("complaint", "list", "--help"),
    ],
)
def test_help_is_in_chinese(capsys: Capsys, argv: tuple[str, ...]) -> None:
    run = cli(capsys, *argv)
    assert run.code == 0 and "用法" in run.out
    options = [ln for ln in run.out.splitlines() if ln.strip().startswith(("--compound", "--kind"))]
    assert all(CHINESE.search(ln) for ln in options)


def refused(books: Path, capsys: Capsys, argv: tuple[str, ...], words: tuple[str, ...]) -> None:
    before = fingerprint(capsys, books)
    run = cli(capsys, "--db", str(books), *argv)
    assert run.code != 0, (argv, run.out)
    assert CHINESE.search(run.err) and "Traceback" not in run.err, run.err
    for word in words:
        assert word in run.err, (word, run.err)
    assert fingerprint(capsys, books) == before
