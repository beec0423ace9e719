"""The term-end package's 本人经手 sheet: every action of one person over their term, one
row each, so the workbook carries the person's own record beside the compound's books."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledger.domain.audit_report import PersonAudit
from ledger.domain.clock import LOCAL_TZ
from ledger.domain.money import fen_to_decimal
from ledger.domain.workbook import Row, SheetData, date, money, stamp, text

PERSON_SHEET = "本人经手"
COLUMNS = (
    text("类别"),
    date("日期"),
    stamp("记录时间"),
    text("凭证或项目"),
    text("内容"),
    money("金额"),
)


def _local(ts: dt.datetime | None) -> dt.datetime | None:
    return None if ts is None else ts.astimezone(LOCAL_TZ).replace(tzinfo=None)


def _day(ts: dt.datetime | None) -> dt.date | None:
    local = _local(ts)
    return None if local is None else local.date()


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_decimal(fen)


def person_rows(a: PersonAudit) -> list[Row]:
    rows: list[Row] = []
    for e in a.drafted:
        rows.append(
            ("制单", e.date, _local(e.drafted_at), e.voucher_no, e.memo, _yuan(e.amount_fen))
        )
    for e in a.approved:
        rows.append(
            ("审核过账", e.date, _local(e.posted_at), e.voucher_no, e.memo, _yuan(e.amount_fen))
        )
    r = a.records
    for s in r.project_steps:
        rows.append(
            (
                f"项目{s.action_label}",
                s.on_date,
                _local(s.at),
                f"#{s.project_id} {s.project_title}",
                s.evidence,
                None,
            )
        )
    for v in r.votes:
        rows.append(
            (
                "登记表决",
                v.held_on,
                _local(v.recorded_at),
                f"#{v.project_id} {v.project_title}",
                f"{v.body_label} 赞成{v.votes_for} 反对{v.votes_against} 弃权{v.abstain}，"
                + ("通过" if v.passed else "未通过"),
                None,
            )
        )
    for x in r.seals:
        rows.append(
            (
                f"用印（{'、'.join(x.capacities) or '经手'}）",
                _day(x.requested_at),
                _local(x.requested_at),
                f"第 {x.register_no} 号 {x.kind_label}",
                f"{x.document}：{x.purpose}",
                None,
            )
        )
    for so in r.signoffs:
        rows.append(
            (
                f"月结{so.step_label}",
                _day(so.at),
                _local(so.at),
                so.month,
                f"{so.decision_label} {so.comment}".strip(),
                None,
            )
        )
    for c in r.complaints:
        rows.append(
            (
                "投诉建议",
                c.received_on,
                _local(c.recorded_at),
                f"#{c.id} {c.channel_label}",
                f"{c.content} → {c.answer or '未答复'}",
                None,
            )
        )
    for p in r.payment_approvals:
        rows.append(
            (
                "大额付款把关",
                _day(p.approved_at),
                _local(p.approved_at),
                p.voucher_no or f"草稿 #{p.draft_id}",
                f"{p.project_title or ''} {p.opinion}".strip(),
                _yuan(p.amount_fen),
            )
        )
    rows.sort(key=lambda row: (str(row[2] or ""), str(row[0])))
    return rows


def person_sheet(a: PersonAudit) -> SheetData:
    rows = person_rows(a)
    return SheetData(PERSON_SHEET, COLUMNS, rows, len(rows))
