"""The notice's section on money the compound is owed and on the maintenance-fund share:
who owes what, for which period, due since when and how many days overdue; and what the
maintenance fund is due, what was transferred and what is still outstanding, with a warning
when a period ended without its transfer. Empty (left out) when there is nothing to show."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ledger.domain.fund_share import FundShareReport
from ledger.domain.statement import MonthlyStatement
from reports.pdf import Cell, Column, amount, cn_date, data_table, para, styles


def arrears_section(st: MonthlyStatement) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    if st.arrears:
        cols = [
            Column("欠款方", 4.0),
            Column("事项", 3.6),
            Column("应付日", 2.8, "right"),
            Column("未收金额", 2.4, "right"),
            Column("逾期天数", 2.0, "right"),
        ]
        rows: list[list[Cell]] = [
            [
                a.counterparty,
                f"{a.period}{a.category}（合同 {a.contract_ref}）",
                cn_date(a.due_on),
                amount(a.outstanding_fen),
                f"{a.days_overdue} 天",
            ]
            for a in st.arrears
        ]
        rows.append(["合计", "", "", amount(st.arrears_fen), ""])
        out.append(data_table(cols, rows, totals=1))
        out.append(para("以上为截至月末已到期未收的款项，业委会正在催收。", s.note))
    elif st.fund_share is not None:
        out.append(para("截至月末没有已到期未收的合同款项。", s.body))
    if st.fund_share is not None:
        out += _fund_share(st.fund_share)
    return out


def _fund_share(report: FundShareReport) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [para(f"专项维修资金：{report.basis}。", s.body)]
    for p in report.periods:
        to_date = "" if p.complete else "（至本月）"
        out.append(
            para(
                f"{p.label}{to_date}净公共收益 ¥{amount(p.net_fen)}，应划转 ¥{amount(p.due_fen)}，"
                f"已划转 ¥{amount(p.transferred_fen)}，尚欠 ¥{amount(p.outstanding_fen)}。",
                s.body,
            )
        )
    out += [para(f"提醒：{w}，请尽快划转。", s.note) for w in report.warnings]
    return out
