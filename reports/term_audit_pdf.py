"""The term-end audit summary (离任审计摘要): one A4 page from the `TermPackage` read model.

The person and their roles; the bank balance at the start and at the end of the term and the
income and expense in between; income by category over the term's months; the projects they
handled; what is still open at handover. The workbook and the JSON of the package hold the
detail; this page is what the audit file opens with.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ledger.domain.audit_report import CATEGORY_LABELS
from ledger.domain.term_audit import TermPackage
from reports.pdf import (
    Cell,
    Column,
    PageSetup,
    amount,
    build_pdf,
    cn_date,
    data_table,
    label_table,
    para,
    styles,
)

MAX_PROJECTS = 8


def render_term_audit(package: TermPackage) -> bytes:
    a = package.audit
    setup = PageSetup(
        title=f"{a.compound} 离任经济责任审计摘要 {a.display_name}",
        header_right=f"{a.compound} {a.display_name}",
        subject="离任经济责任审计",
        keywords=("离任审计", a.compound, a.person),
    )
    return build_pdf(term_audit_flowables(package), setup)


def term_audit_flowables(package: TermPackage) -> list[Flowable]:
    s = styles()
    a = package.audit
    b = a.balances
    roles = "；".join(f"{g.role_label}（{g.scope}）" for g in a.grants)
    term = f"{cn_date(a.term_start)}至{cn_date(a.term_end)}" + ("（在任）" if a.term_open else "")
    counts = "、".join(f"{CATEGORY_LABELS[k]} {n}" for k, n in a.counts().items() if n)
    story: list[Flowable] = [
        para(f"{a.compound} 离任经济责任审计摘要", s.title),
        label_table(
            [
                ("被审计人", f"{a.display_name}（{a.person}）"),
                ("担任职务", roles),
                ("任期", term),
            ]
        ),
        para("一、任期内专户收支（单位：元）", s.heading),
        data_table(
            [
                Column(f"任期初余额（{cn_date(b.first_day)}前）", 3, "right"),
                Column("任期内收入", 2, "right"),
                Column("任期内支出", 2, "right"),
                Column(f"任期末余额（{cn_date(b.last_day)}）", 3, "right"),
            ],
            [
                [
                    amount(b.bank_opening_fen),
                    amount(b.income_fen),
                    amount(b.expense_fen),
                    amount(b.bank_closing_fen),
                ]
            ],
        ),
        para(f"二、分类收入（{package.first.label}至{package.last.label}）", s.heading),
        _categories(package),
        para("三、经手项目", s.heading),
        _projects(package),
        para(f"四、移交时未了事项（共 {package.open_count} 件）", s.heading),
        *_open_items(package),
        para(
            f"经手事项：{counts or '无'}。明细见同目录的审计工作簿（任期内各月的全部账簿与记录）和人员操作清单（JSON，"
            "被审计人本人编制、审核、签字、表决、用印的全部记录）。",
            s.small,
        ),
    ]
    return story


def _categories(package: TermPackage) -> Flowable:
    cols = [
        Column("收入类别", 3),
        Column("收入", 2, "right"),
        Column("成本分摊", 2, "right"),
        Column("净收益", 2, "right"),
    ]
    rows: list[list[Cell]] = [
        [c.name, amount(c.gross_fen), amount(c.deduction_fen), amount(c.net_fen)]
        for c in package.categories
    ]
    rows.append(
        [
            "合计",
            amount(sum(c.gross_fen for c in package.categories)),
            amount(sum(c.deduction_fen for c in package.categories)),
            amount(sum(c.net_fen for c in package.categories)),
        ]
    )
    return data_table(cols, rows, totals=1)


def _projects(package: TermPackage) -> Flowable:
    styles_ = styles()
    if not package.projects:
        return para("任期内未经手项目。", styles_.body)
    cols = [
        Column("编号", 0.8, "center"),
        Column("项目", 4),
        Column("状态", 1.8, "center"),
        Column("预算", 1.6, "right"),
        Column("已付", 1.6, "right"),
    ]
    shown = package.projects[:MAX_PROJECTS]
    rows: list[list[Cell]] = [
        [str(p.id), p.title, p.state_label, amount(p.budget_fen), amount(p.paid_fen)] for p in shown
    ]
    rest = len(package.projects) - len(shown)
    if rest:
        rows.append(["", f"另有 {rest} 个项目，见审计工作簿「项目」表", "", "", ""])
    return data_table(cols, rows)


def _open_items(package: TermPackage) -> list[Flowable]:
    s = styles()
    return [
        para(
            f"{i.label}：{i.count} 件"
            + (
                f"（{'；'.join(i.examples)}{'等' if i.count > len(i.examples) else ''}）"
                if i.examples
                else ""
            ),
            s.body,
        )
        for i in package.open_items
    ]
