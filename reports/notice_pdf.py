"""The monthly disclosure notice (公共收益收支公示) residents read on the board.

Rendered from the `MonthlyStatement` read model — the same numbers `statement --json` prints —
in plain words and large type: the bank account's opening, in, out and closing; income by
category as gross, the property company's cost share and net, month and year to date; every
payment with its voucher and the vote and notice it rests on; projects in notice (with the
last day to object), on hold, in progress and finished; complaints and their answers; the
sign-offs and the seal; the posting dates and the verification code as text and QR code.
Sections with nothing to show are left out, not printed empty.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ledger.domain.statement import MonthlyStatement, ProjectLine
from reports.notice_arrears import arrears_section
from reports.notice_bank import bank_section
from reports.pdf import (
    CONTENT_WIDTH,
    Cell,
    Column,
    PageSetup,
    amount,
    build_pdf,
    cn_date,
    cn_span,
    data_table,
    label_table,
    layout_table,
    para,
    qr_block,
    seal_box,
    styles,
)

NUMERALS = "一二三四五六七八九十"


def render_notice(st: MonthlyStatement) -> bytes:
    setup = PageSetup(
        title=f"{st.compound} 公共收益收支公示 {st.month_label}",
        header_right=f"{st.compound} {st.month_label}",
        subject="公共收益收支公示",
        keywords=("公共收益", st.compound, st.month),
    )
    return build_pdf(notice_flowables(st), setup)


def notice_flowables(st: MonthlyStatement) -> list[Flowable]:
    s = styles()
    compiled = next((x.name for x in st.signatures if x.role == "编制"), "")
    story: list[Flowable] = [
        para(f"{st.compound} 公共收益收支公示", s.title),
        para(st.month_label, s.subtitle),
        para(
            f"{st.legal_basis}。统计期间：{st.month_label}1日至月末。编制人：{compiled or '（待编制）'}。",
            s.body,
        ),
    ]
    if st.state != "published":
        story.append(para(f"（本表{st.state_label}，尚未公示，仅供审查签字使用）", s.note))
    sections: list[tuple[str, list[Flowable]]] = [
        ("收支概况", [_summary(st)]),
        ("银行对账", bank_section(st)),
        ("收入明细（按类别）", _income(st)),
        ("本月支出", _payments(st)),
        ("欠款与专项维修资金", arrears_section(st)),
        ("项目进展", _projects(st)),
        ("投诉与建议", _complaints(st)),
        ("签字与用印", _signatures(st)),
        ("公示与校验", _verification(st)),
    ]
    n = 0
    for title, content in sections:
        if not content:
            continue
        story += [
            KeepTogether([para(f"{NUMERALS[n]}、{title}", s.heading), content[0]]),
            *content[1:],
        ]
        n += 1
    return story


def _summary(st: MonthlyStatement) -> Flowable:
    s = styles()
    rows: list[tuple[str, Cell]] = [
        ("上月末余额", para(f"¥{amount(st.opening_fen)}", s.total)),
        ("本月收入", para(f"¥{amount(st.income_fen)}", s.total)),
        ("本月支出", para(f"¥{amount(st.spending_fen)}", s.total)),
        ("本月末余额", para(f"¥{amount(st.closing_fen)}", s.total)),
        ("本年累计", f"收入 ¥{amount(st.income_ytd_fen)}，支出 ¥{amount(st.spending_ytd_fen)}"),
        (
            "专户开立以来",
            f"{cn_date(st.opened_on)}开立以来收入 ¥{amount(st.income_total_fen)}，"
            f"支出 ¥{amount(st.spending_total_fen)}",
        ),
    ]
    return label_table(rows, label_width=0.24)


def _income(st: MonthlyStatement) -> list[Flowable]:
    if not st.categories:
        return []
    cols = [
        Column("收入类别", 3.0),
        Column("本月总收入", 2.0, "right"),
        Column("物业合理成本", 2.0, "right"),
        Column("本月净收入", 2.0, "right"),
        Column("本年累计净收入", 2.2, "right"),
    ]
    rows: list[list[Cell]] = [
        [
            c.name,
            amount(c.gross_fen),
            amount(c.deduction_fen),
            amount(c.net_fen),
            amount(c.net_ytd_fen),
        ]
        for c in st.categories
    ]
    rows.append(
        [
            "合计",
            amount(sum(c.gross_fen for c in st.categories)),
            amount(sum(c.deduction_fen for c in st.categories)),
            amount(sum(c.net_fen for c in st.categories)),
            amount(sum(c.net_ytd_fen for c in st.categories)),
        ]
    )
    note = para(
        "总收入扣除物业服务企业的合理成本（税费、能耗、人工等）后，净收入归全体业主共有"
        "（民法典第二百八十二条）。",
        styles().note,
    )
    return [data_table(cols, rows, totals=1), note]


def _payments(st: MonthlyStatement) -> list[Flowable]:
    if not st.payments:
        return [para("本月没有支出。", styles().body)]
    cols = [
        Column("日期", 1.7, "right"),
        Column("凭证号", 3.1, "right"),
        Column("用途 / 项目", 2.8),
        Column("收款人", 2.1),
        Column("金额", 2.3, "right"),
        Column("表决与公示依据", 2.8),
    ]
    rows: list[list[Cell]] = [
        [
            f"{p.date.month}月{p.date.day}日",
            p.voucher,
            p.project or p.memo,
            p.payee or "—",
            amount(p.amount_fen),
            p.basis or "日常费用",
        ]
        for p in st.payments
    ]
    rows.append(["合计", "", "", "", amount(sum(p.amount_fen for p in st.payments)), ""])
    return [data_table(cols, rows, totals=1)]


def _projects(st: MonthlyStatement) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for p in st.in_notice:
        last = cn_date(p.notice_end)
        span = cn_span(p.notice_start, p.notice_end) if p.notice_start and p.notice_end else ""
        out.append(
            para(
                f"【公示中】{p.title}，预算 ¥{amount(p.budget_fen)}，公示期 {span}。"
                f"如有异议，请在{last}前写明姓名、楼栋和理由，拨打监督电话 {st.hotline} "
                f"或投入{st.suggestion_box}。",
                s.body,
            )
        )
    for p in st.on_hold:
        out.append(
            para(f"【因异议暂停】{p.title}：异议正在处理，处理完毕并书面答复后方可实施。", s.body)
        )
    if st.in_progress:
        out.append(_project_table("实施中的项目", st.in_progress))
    if st.finished:
        out.append(_project_table("本月验收或结项的项目", st.finished))
    return out


def _project_table(caption: str, lines: tuple[ProjectLine, ...]) -> Flowable:
    cols = [
        Column(caption, 4.6),
        Column("批准预算", 2.0, "right"),
        Column("已付", 2.0, "right"),
        Column("尚余", 2.0, "right"),
        Column("状态", 1.8, "center"),
    ]
    rows: list[list[Cell]] = [
        [p.title, amount(p.budget_fen), amount(p.paid_fen), amount(p.remaining_fen), p.state_label]
        for p in lines
    ]
    return data_table(cols, rows)


def _complaints(st: MonthlyStatement) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    if st.complaints:
        cols = [
            Column("收到", 1.6),
            Column("渠道", 1.2),
            Column("反映内容", 4.6),
            Column("答复", 5.4),
        ]
        rows: list[list[Cell]] = [
            [
                f"{c.received_on.month}月{c.received_on.day}日",
                c.channel,
                c.content,
                f"{c.answered_on.month}月{c.answered_on.day}日：{c.answer}"
                if c.answer and c.answered_on
                else "正在办理",
            ]
            for c in st.complaints
        ]
        out.append(data_table(cols, rows))
    out.append(para(f"监督电话：{st.hotline}；意见箱：{st.suggestion_box}。", s.body))
    return out


def _signatures(st: MonthlyStatement) -> list[Flowable]:
    s = styles()
    by_role = {x.role: x for x in st.signatures}
    rows: list[list[Cell]] = []
    for role in ("编制", "监督小组审查", "业委会", "社区党委"):
        sign = by_role.get(role)
        rows.append(
            [
                para(role, s.cell),
                para(sign.name if sign else "", s.cell),
                para(cn_date(sign.date if sign else None), s.cell),
            ]
        )
    table = data_table(
        [Column("签字", 2.2), Column("姓名", 2.6), Column("日期", 2.6)],
        rows,
        width=CONTENT_WIDTH * 0.7,
    )
    note = f"用印登记第 {st.seal_register_no} 号" if st.seal_register_no else "尚未用印"
    box = seal_box("业委会公章", note, size=110)
    return [
        layout_table(
            [[table, box]],
            [CONTENT_WIDTH * 0.72, CONTENT_WIDTH * 0.28],
            [("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
    ]


def _verification(st: MonthlyStatement) -> list[Flowable]:
    s = styles()
    if st.verification_code is None or st.short_code is None:
        return [para("本月尚未公示锁账，公示后将印上校验码。", s.body)]
    posted = cn_span(st.posted_from, st.posted_until) if st.posted_from and st.posted_until else ""
    lines: list[str | Flowable] = [
        para(f"张贴期：{posted}", s.body),
        para(f"校验码：{st.short_code}", s.total),
        para(
            "用手机扫描二维码或把校验码告诉社区、审计人员，可核对本公示与账簿是否一致、"
            "公示后账簿有没有被改动（python main.py verify-notice 校验码 --compound "
            f"{st.compound} --month {st.month}）。",
            s.note,
        ),
    ]
    return [qr_block(st.verification_code, lines), Spacer(1, 4)]
