"""Printed vouchers (记账凭证): one posted entry per half A4 page, a month's in one file for
binding.

Standard layout, top to bottom: title; unit, date and voucher number; memo (and project);
the lines — line memo, account code and name, debit, credit; the total in figures and in
capital numerals (大写); attachments; a reversal either way; the four signature boxes 制单 /
审核 / 记账 / 出纳 (filled from maker and checker, see `ledger.domain.voucher`); and a small
line with the drafting and posting times and the entry's place in the hash chain.

Each voucher starts in its own half page; one with too many lines for a half runs on into
the next, repeating the table head.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from ledger.domain.capital import capital_amount
from ledger.domain.clock import format_local
from ledger.domain.voucher import SHORT_HASH_CHARS, VoucherView
from reports.pdf import (
    CONTENT_WIDTH,
    Column,
    PageSetup,
    amount,
    amount_width,
    build_pdf,
    data_table,
    esc,
    layout_table,
    markup,
    next_frame,
    para,
    signature_row,
    styles,
)

_MIN_AMOUNT_WIDTH = 92.0
_CODE_WIDTH = 58.0  # "科目代码" on one line


def render_vouchers(
    vouchers: Sequence[VoucherView], *, title: str | None = None, halves: bool = True
) -> bytes:
    """The vouchers in the order given, each from the top of a half page (or a page)."""
    if not vouchers:
        raise ValueError("no vouchers to print")
    first = vouchers[0]
    story: list[Flowable] = []
    for i, v in enumerate(vouchers):
        if i:
            story.append(next_frame())
        story.append(KeepTogether(voucher_flowables(v)))
    span = (
        first.voucher
        if len(vouchers) == 1
        else f"{first.voucher} 至 {vouchers[-1].voucher}，共 {len(vouchers)} 张"
    )
    setup = PageSetup(
        title=title or f"{first.compound} 记账凭证",
        header_right=span,
        subject="记账凭证",
        keywords=("记账凭证", first.compound),
        halves=halves,
    )
    return build_pdf(story, setup)


def voucher_flowables(v: VoucherView) -> list[Flowable]:
    """One voucher as flowables (for a paper that prints vouchers among other things)."""
    st = styles()
    out: list[Flowable] = [
        markup("记 账 凭 证", st.title),
        _heading_line(v),
        Spacer(1, 4),
        para(f"摘要：{v.memo}", st.body),
    ]
    if v.project:
        out.append(para(f"项目：{v.project}", st.body))
    out += [Spacer(1, 2), _lines_table(v), Spacer(1, 4)]
    notes = [f"附件 {v.attachment_count} 张"]
    notes += [f"电子附件 {name}（SHA-256 {sha[:12]}…）" for sha, name in v.attachments]
    if v.reverses:
        notes.append(f"本凭证冲销 {v.reverses}，原因：{v.reason or '（未填）'}")
    if v.reversed_by:
        notes.append(f"本凭证已被 {v.reversed_by} 冲销")
    out += [para(line, st.body) for line in notes]
    out += [Spacer(1, 4), signature_row(v.signatures), Spacer(1, 2)]
    out.append(
        para(
            f"制单 {format_local(v.drafted_at)}　审核过账 {format_local(v.posted_at)}　"
            f"凭证哈希 {v.short_hash}　前一凭证哈希 {v.prev_hash[:SHORT_HASH_CHARS]}",
            st.small,
        )
    )
    return out


def _heading_line(v: VoucherView) -> Table:
    st = styles()
    cells = [
        para(f"单位：{v.compound}", st.cell),
        para(f"{v.date.year}年{v.date.month}月{v.date.day}日", st.cell_center),
        markup(f"凭证号：<font size=14>{esc(v.voucher)}</font>", st.cell_right),
    ]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    third = CONTENT_WIDTH / 3
    return layout_table([cells], [third * 0.9, third * 0.8, third * 1.3], commands)


def _lines_table(v: VoucherView) -> Table:
    debit, credit = v.debit_fen, v.credit_fen
    figures = [amount(debit, symbol=True), amount(credit, symbol=True)]
    money_w = max(_MIN_AMOUNT_WIDTH, *(amount_width(t) for t in figures))
    rest = CONTENT_WIDTH - 2 * money_w - _CODE_WIDTH
    columns = [
        Column("摘要", rest * 0.45),
        Column("科目代码", _CODE_WIDTH, "center"),
        Column("会计科目", rest * 0.55),
        Column("借方金额", money_w, "right"),
        Column("贷方金额", money_w, "right"),
    ]
    rows: list[list[str | Flowable | None]] = [
        [
            line.memo or v.memo,
            line.code,
            line.account,
            amount(line.amount_fen) if line.amount_fen > 0 else "",
            amount(-line.amount_fen) if line.amount_fen < 0 else "",
        ]
        for line in v.lines
    ]
    total_text = f"合计　人民币（大写）{capital_amount(debit)}"
    if debit != credit:  # cannot happen for a posted entry; print it plainly if it ever does
        total_text += f"（借贷不平：贷方 {capital_amount(credit)}）"
    rows.append([total_text, None, None, *figures])
    span = ("SPAN", (0, len(rows)), (2, len(rows)))
    return data_table(
        columns, rows, totals=1, extra_style=[span], continued=f"凭证号 {v.voucher}（续）"
    )
