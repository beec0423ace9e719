"""The project notice (立项公示): a lift repair on a fresh street printed before and after its
notice starts and once an objection holds it; the demo's water mains (owners' assembly,
community gate) as a golden file; and the `project-notice` command."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from ledger.cli.app import main
from ledger.services import project_notice, project_votes, projects, seals
from ledger.services.context import Context
from ledger.services.project_views import project_view
from reports.project_notice_pdf import NoticeTerms, render_project_notice
from tests.conftest import Street
from tests.reports.support import Pdf, assert_printable, check_golden, keep_sample, need_poppler

D = dt.date
TERMS = NoticeTerms(
    hotline="0996-2012345",
    suggestion_box="小区物业服务中心门口意见箱",
    notice_days=7,
    objection_days=7,
)


@pytest.fixture(autouse=True)
def _poppler() -> None:
    need_poppler()


def _voted_lift_repair(s: Street) -> int:
    """A medium project: three quotes, not the cheapest chosen (with its reason), the
    committee's vote 3 of 5 for, the notice's seal approved (register no. 1)."""
    s.clock.set(D(2024, 3, 1))
    pid = projects.propose(
        s.ctx,
        s.checker,
        compound=s.compound,
        title="3号楼电梯维修",
        need="钢丝绳磨损，电梯频繁停运",
        proposer="王大爷",
        proposer_kind="building_head",
        estimate_fen=1_800_000,
        households=180,
    )
    projects.verify_need(
        s.ctx, s.checker, pid, method="door_to_door", evidence="走访 60 户，58 户反映"
    )
    projects.legal_review(
        s.ctx, s.checker, pid, reviewer="街道司法所", opinion="属共有部分维修，合法", passed=True
    )
    quotes = [
        projects.add_quote(
            s.ctx, s.treasurer, pid, vendor=vendor, amount_fen=fen, document=f"报价单 {i}"
        )
        for i, (vendor, fen) in enumerate(
            [
                ("迅达电梯维保站", 1_860_000),
                ("快修电梯服务部", 1_790_000),
                ("巴州电梯公司", 2_050_000),
            ],
            1,
        )
    ]
    projects.choose_quote(s.ctx, s.checker, pid, quotes[0], reason="快修电梯服务部无电梯维保资质")
    assert project_votes.committee_vote(
        s.ctx, s.checker, pid, members=5, present=4, votes_for=3, against=1, abstain=0
    )
    sid = seals.request_seal(
        s.ctx,
        s.checker,
        compound=s.compound,
        document_kind="project_notice",
        document="3号楼电梯维修立项公示",
        purpose="张贴公示",
        project_id=pid,
    )
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意用印")
    return pid


def _render(ctx: Context, pid: int, path: Path) -> Pdf:
    return Pdf.write(render_project_notice(project_view(ctx, pid), TERMS), path)


def test_the_notice_shows_quotes_vote_margins_and_how_to_object(
    sqlite_street: Street, tmp_path: Path
) -> None:
    s = sqlite_street
    pid = _voted_lift_repair(s)
    before = _render(s.ctx, pid, tmp_path / "before.pdf")
    text, lines = before.flat, before.lines
    for expected in [
        "测试花园立项公示",
        "3号楼电梯维修",
        "已经业主委员会表决通过",
        "项目类别中型项目（业主委员会表决）",
        "批准预算¥18,600.00（大写：壹万捌仟陆佰元整）",
        "提议人王大爷，楼栋长，2024年3月1日提出",
        "需求验证2024年3月1日，入户走访：走访60户，58户反映",
        "街道司法所：属共有部分维修，合法（审查通过）",
        "1迅达电梯维保站18,600.00报价单1✓选定",
        "2快修电梯服务部17,900.00报价单2最低价",
        "选定的不是最低价（最低为快修电梯服务部¥17,900.00，相差¥700.00），理由：快修电梯服务部无电梯维保资质",
        "在任委员5人，出席4人；赞成3票，反对1票，弃权0票。",
        "表决结果：通过",
        "公示期：自张贴之日起7天",
        "监督电话0996-2012345；意见箱：小区物业服务中心门口意见箱",
        "用印登记第1号",
    ]:
        assert expected in text, expected
    # Each threshold with the least that meets it and the margin (a cell may wrap to two lines).
    assert "出席委员4/5过半数3" in lines and "赞成（占全体委员）3/5半数以上3" in lines
    assert lines.count("达到") == 2 and "多1" in lines and "多0" in lines
    assert_printable(before)

    s.clock.set(D(2024, 3, 5))
    assert project_notice.publish(s.ctx, s.checker, pid) == D(2024, 3, 11)
    posted = _render(s.ctx, pid, tmp_path / "posted.pdf").flat
    assert "公示期：2024年3月5日至11日，共7天。" in posted
    assert "请于2024年3月11日（含当日）前写明姓名、楼栋和理由" in posted
    assert "测试花园业主委员会" in posted and "2024年3月5日用印登记第1号" in posted

    s.clock.set(D(2024, 3, 6))
    project_notice.file_objection(
        s.ctx, s.supervisor, pid, resident="5栋 李女士", content="报价偏高，请说明"
    )
    held = _render(s.ctx, pid, tmp_path / "held.pdf")
    with pytest.raises(ValueError, match="no passed vote"):
        render_project_notice(replace(project_view(s.ctx, pid), votes=()), TERMS)
    assert "当前状态异议处理中（暂停）" in held.flat
    assert "2024年3月6日5栋李女士报价偏高，请说明待处理（项目暂停）" in held.flat
    assert_printable(held)


def test_demo_water_mains_notice_matches_its_golden_text(demo: Context, tmp_path: Path) -> None:
    view = project_view(demo, 1)
    data = render_project_notice(view, TERMS)
    assert data == render_project_notice(view, TERMS)
    pdf = Pdf.write(data, tmp_path / "notice.pdf")
    assert pdf.page_count == 2
    text, lines = pdf.flat, pdf.lines
    for expected in [
        "香榭雅居立项公示供水主管道更换工程",
        "已经业主大会表决通过",
        "批准预算¥256,800.00（大写：贰拾伍万陆仟捌佰元整）",
        "选定的不是最低价（最低为库尔勒市安源水务工程有限公司¥249,500.00，相差¥7,300.00）",
        "社区党委书记马建国，2023年4月22日：经党委会研究，程序完备，同意实施（同意）",
        "公示期：2023年4月24日至30日，共7天。",
        "请于2023年4月30日（含当日）前",
        "用印登记第14号",
    ]:
        assert expected in text, expected
    for row in [
        "全体业主53053,000.00",
        "参与表决39742,400.00",
        "其中：赞成35738,160.00",
        "参与表决面积42,400.00/53,000.00三分之二以上35,333.34",
        "参与表决人数397/530三分之二以上354",
    ]:
        assert row in lines, row
    for margin in ["多7,066.66", "多43", "多16,959.99", "多158"]:
        assert margin in text, margin
    assert_printable(pdf)
    check_golden(pdf, "project-notice-demo.txt")
    keep_sample(pdf, "project-notice.png", tmp_path, pages=2)


def test_the_command_prints_voted_projects_and_refuses_the_rest(
    demo: Context, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LEDGER_DB", "LEDGER_RULES"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "p1.pdf"
    assert main(["--db", str(demo_db), "project-notice", "1", "-o", str(out)]) == 0
    rules = demo.rules.for_compound("香榭雅居")
    terms = NoticeTerms(
        rules.supervision.hotline,
        rules.supervision.suggestion_box,
        rules.notice_days,
        rules.objection_days,
    )
    assert out.read_bytes() == render_project_notice(project_view(demo, 1), terms)
    rejected = tmp_path / "p5.pdf"  # 中心广场加装健身器材: the committee voted it down
    assert main(["--db", str(demo_db), "project-notice", "5", "-o", str(rejected)]) == 1
    assert not rejected.exists()
