"""The street summary (街道汇总) for the street office and the community Party committees.

Rendered from the `StreetReport` read model (`street-report --json` prints the same figures):
the street's accumulated funds in large type first — the figure the article quotes, the sum
of every compound's closing balance — then the money per compound in two tables (the month;
the year and since the account was opened) and the governance table (published on time,
fully signed, projects, open objections and complaints), each with a street totals row.
The pages are portrait A4 (the toolkit has no landscape), so the money is split into two
tables of five columns instead of one of nine too narrow to read.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from ledger.domain.street_report import CompoundSummary, StreetReport
from reports.pdf import (
    Cell,
    Column,
    PageSetup,
    amount,
    build_pdf,
    cn_date,
    data_table,
    esc,
    markup,
    para,
    styles,
)

TOTAL_LABEL = "街道合计"


def render_street_report(report: StreetReport) -> bytes:
    setup = PageSetup(
        title=f"{report.street} 公共收益汇总 {report.month_label}",
        header_right=f"{report.street} {report.month_label}",
        subject="公共收益街道汇总",
        keywords=("公共收益", report.street, report.month),
    )
    return build_pdf(street_report_flowables(report), setup)


def street_report_flowables(report: StreetReport) -> list[Flowable]:
    s = styles()
    n = len(report.compounds)
    story: list[Flowable] = [
        para(f"{report.street} 公共收益汇总", s.title),
        para(report.month_label, s.subtitle),
        para(
            f"全街道 {n} 个小区公共收益专户的收支与公示情况。金额为专户（银行存款）收支，单位：元。",
            s.body,
        ),
        markup(
            f"全街道公共收益累计结余（{esc(report.month_label)}末）："
            f"¥{esc(amount(report.accumulated_fen))}",
            _big(),
        ),
    ]
    sections: list[tuple[str, Flowable, str]] = [
        ("一、本月收支", _month_table(report), ""),
        (
            "二、本年与开立以来",
            _year_table(report),
            "累计结余 = 开立以来收入 − 开立以来支出，即各小区月末余额。",
        ),
        (
            "三、公示与监督",
            _governance_table(report),
            f"按时公示：在次月规定日期前公示锁账。签字齐全：监督小组审查、业委会、社区党委均已签字。"
            f"已完成项目为本年 1 月 1 日至{report.month_label}末验收或结项的项目；"
            f"未处理异议、未答复投诉为截至{cn_date(report.as_of)}的件数。",
        ),
    ]
    for title, table, note in sections:
        story.append(KeepTogether([para(title, s.heading), table]))
        if note:
            story.append(para(note, s.note))
    return story


def _month_table(report: StreetReport) -> Flowable:
    cols = [
        Column("小区", 2.6),
        Column("专户开立", 2.6, "center"),
        Column("本月收入", 2.2, "right"),
        Column("本月支出", 2.2, "right"),
        Column("月末余额", 2.4, "right"),
    ]
    rows: list[list[Cell]] = [
        [
            c.compound,
            cn_date(c.opened_on),
            amount(c.income_fen),
            amount(c.spending_fen),
            amount(c.closing_fen),
        ]
        for c in report.compounds
    ]
    t = report.totals
    rows.append(
        [TOTAL_LABEL, "", amount(t.income_fen), amount(t.spending_fen), amount(t.closing_fen)]
    )
    return data_table(cols, rows, totals=1)


def _year_table(report: StreetReport) -> Flowable:
    cols = [
        Column("小区", 2.6),
        Column("本年收入", 2.2, "right"),
        Column("本年支出", 2.2, "right"),
        Column("开立以来收入", 2.4, "right"),
        Column("开立以来支出", 2.4, "right"),
        Column("累计结余", 2.4, "right"),
    ]
    rows: list[list[Cell]] = [
        [
            c.compound,
            amount(c.income_ytd_fen),
            amount(c.spending_ytd_fen),
            amount(c.income_total_fen),
            amount(c.spending_total_fen),
            amount(c.closing_fen),
        ]
        for c in report.compounds
    ]
    t = report.totals
    rows.append(
        [
            TOTAL_LABEL,
            amount(t.income_ytd_fen),
            amount(t.spending_ytd_fen),
            amount(t.income_total_fen),
            amount(t.spending_total_fen),
            amount(t.closing_fen),
        ]
    )
    return data_table(cols, rows, totals=1)


def _governance_table(report: StreetReport) -> Flowable:
    cols = [
        Column("小区", 2.2),
        Column("按时公示", 2.3, "center"),
        Column("签字齐全", 1.7, "center"),
        Column("实施中项目", 1.95, "center"),
        Column("已完成项目", 1.95, "center"),
        Column("未处理异议", 1.95, "center"),
        Column("未答复投诉", 1.95, "center"),
    ]
    rows: list[list[Cell]] = [
        [
            c.compound,
            _published(c),
            "是" if c.fully_signed else "否",
            str(c.projects_in_progress),
            str(c.projects_finished),
            str(c.open_objections),
            str(c.open_complaints),
        ]
        for c in report.compounds
    ]
    t = report.totals
    n = len(report.compounds)
    rows.append(
        [
            TOTAL_LABEL,
            *(
                _centered(x)
                for x in (
                    f"{t.on_time}/{n} 按时",
                    f"{t.fully_signed}/{n}",
                    str(t.projects_in_progress),
                    str(t.projects_finished),
                    str(t.open_objections),
                    str(t.open_complaints),
                )
            ),
        ]
    )
    return data_table(cols, rows, totals=1)


def _published(c: CompoundSummary) -> str:
    if not c.published:
        return "未公示"
    when = f"{c.published_on.month}月{c.published_on.day}日" if c.published_on else ""
    return f"是（{when}）" if c.on_time else f"逾期（{when or '日期不详'}）"


def _big() -> ParagraphStyle:
    """The accumulated funds: the one figure read from across the room."""
    return ParagraphStyle(
        "accumulated", parent=styles().total, fontSize=20, leading=28, spaceBefore=4, spaceAfter=4
    )


def _centered(text: str) -> Paragraph:
    style = ParagraphStyle("total_center", parent=styles().total, alignment=TA_CENTER)
    return para(text, style)
