"""`verify` of what the entry and audit chains do not cover by themselves.

- Control rows (chart of accounts, month locks and closes, sign-offs, projects and their steps,
  quotes, votes, objections, payment approvals, the seal register, complaints, revenue
  contracts and their allocations, fund transfers, bank imports, lines, matches, suggestions
  and reconciliations): each row's
  digest is recomputed and compared with the newest seal an audit record carries for it
  (`ledger.store.row_seals`). A changed value, a deleted, forged or renumbered row is found.
- Line numbers of postings and attachments run 1…n within each entry (the entry hash covers
  the lines' order, not their numbers).
- Each posted entry and the draft it came from point at each other.
- The refusal log's own hash chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.store.refusals import RefusalRecord, refusal_payload
from ledger.store.row_seals import SEALED_KEY, SEALED_TABLES, recorded, row_digest, row_key
from ledger.store.schema import AuditRecord, Compound, Draft, Entry, EntryAttachment, Posting

if TYPE_CHECKING:
    from ledger.services.verify import VerifyReport

ROW_LABELS = {
    "account": "科目",
    "period_lock": "结账锁定",
    "project": "项目",
    "project_step": "项目步骤",
    "project_quote": "报价",
    "project_vote": "表决",
    "project_objection": "异议",
    "payment_approval": "付款审批",
    "seal_use": "用印",
    "month_close": "月结",
    "month_signoff": "月结签字",
    "complaint": "投诉建议",
    "revenue_contract": "收入合同",
    "contract_allocation": "合同款项",
    "fund_transfer": "维修资金划转",
    "bank_import": "银行导入",
    "bank_line": "银行流水",
    "bank_match": "银行匹配",
    "bank_suggestion": "银行建议草稿",
    "bank_reconciliation": "银行对账",
}
ORG = "组织"


def row_label(table: str, key: str) -> str:
    """How a finding names a control row: `项目#3`, `月结#2024-01` (the compound is named
    separately), `项目步骤#3/2`."""
    table_obj = SEALED_TABLES[table]
    parts = [
        v
        for c, v in zip(table_obj.primary_key.columns, key.split("/"), strict=False)
        if c.name != "compound_id"
    ]
    return f"{ROW_LABELS[table]}#{'/'.join(parts)}"


def check_controls(session: Session, report: VerifyReport, only: Sequence[int]) -> None:
    from ledger.services.verify import Finding

    names = {i: n for i, n in session.execute(select(Compound.id, Compound.name))}

    def fail(compound_id: int | None, where: str, rule: str, message: str) -> None:
        name = names.get(compound_id, ORG) if compound_id is not None else ORG
        report.findings.append(Finding(name, where, rule, message))

    _check_seals(session, only, fail)
    _check_line_numbers(session, only, fail)
    _check_drafts(session, only, fail)
    _check_refusals(session, fail)


Fail = Callable[[int | None, str, str, str], None]


def _check_seals(session: Session, only: Sequence[int], fail: Fail) -> None:
    scopes = [f"compound:{i}" for i in only]
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for (details,) in session.execute(
        select(AuditRecord.details)
        .where(AuditRecord.scope.in_(scopes), AuditRecord.details.contains(f'"{SEALED_KEY}"'))
        .order_by(AuditRecord.scope, AuditRecord.seq)
    ):
        for table, key, compound, digest in recorded(details):
            if table in SEALED_TABLES:
                latest[(str(table), str(key))] = (int(compound), str(digest))
    rule = "控制记录封存"
    for name, table in SEALED_TABLES.items():
        seen: set[str] = set()
        rows = session.execute(
            select(table).where(table.c.compound_id.in_(only)).order_by(*table.primary_key)
        ).mappings()
        for row in rows:
            key = row_key(table, row)
            seen.add(key)
            sealed = latest.get((name, key))
            where = row_label(name, key)
            if sealed is None:
                fail(
                    row["compound_id"],
                    where,
                    rule,
                    "没有任何审计记录封存这一行：它是在程序之外写入的",
                )
            elif sealed[1] != row_digest(table, row):
                fail(
                    row["compound_id"],
                    where,
                    rule,
                    "内容与审计记录封存的摘要不符：这一行在程序之外被改动过",
                )
        for (table_name, key), (compound, _digest) in sorted(latest.items()):
            if table_name == name and key not in seen and compound in only:
                fail(
                    compound,
                    row_label(name, key),
                    rule,
                    "审计记录封存过的这一行已不存在（被删除、移走或改了编号）",
                )


def _check_line_numbers(session: Session, only: Sequence[int], fail: Fail) -> None:
    for model, what in ((Posting, "分录"), (EntryAttachment, "附件")):
        bad = session.execute(
            select(Entry.compound_id, Entry.voucher_no)
            .join(
                model,
                and_(model.compound_id == Entry.compound_id, model.entry_seq == Entry.seq),
            )
            .where(Entry.compound_id.in_(only))
            .group_by(Entry.compound_id, Entry.seq, Entry.voucher_no)
            .having(or_(func.min(model.line_no) != 1, func.max(model.line_no) != func.count()))
            .order_by(Entry.compound_id, Entry.seq)
        )
        for compound_id, voucher in bad:
            fail(compound_id, voucher, "行号连续", f"{what}行号不是从 1 起连续编排的")


def _check_drafts(session: Session, only: Sequence[int], fail: Fail) -> None:
    """Each entry names the draft that was posted as it, and that draft names the entry (an
    entry gone altogether is the audit cross-check's finding)."""
    entries = session.execute(
        select(Entry.compound_id, Entry.voucher_no, Draft.id)
        .outerjoin(Draft, Draft.id == Entry.draft_id)
        .where(
            Entry.compound_id.in_(only),
            Entry.draft_id.is_not(None),
            or_(
                Draft.id.is_(None),
                Draft.compound_id != Entry.compound_id,
                Draft.posted_seq.is_(None),
                Draft.posted_seq != Entry.seq,
            ),
        )
    )
    for compound_id, voucher, _draft in entries:
        fail(compound_id, voucher, "凭证草稿对应", "凭证记录的草稿编号与过账的草稿不符")
    drafts = session.execute(
        select(Draft.compound_id, Draft.id, Entry.voucher_no)
        .join(Entry, and_(Entry.compound_id == Draft.compound_id, Entry.seq == Draft.posted_seq))
        .where(
            Draft.compound_id.in_(only),
            Draft.posted_seq.is_not(None),
            or_(Entry.draft_id.is_(None), Entry.draft_id != Draft.id),
        )
    )
    for compound_id, draft_id, voucher in drafts:
        fail(
            compound_id,
            voucher,
            "凭证草稿对应",
            f"草稿 #{draft_id} 已过账为这张凭证，但凭证记录的草稿编号不是它",
        )


def _check_refusals(session: Session, fail: Fail) -> None:
    prev, expected = GENESIS_HASH, 1
    for row in session.execute(
        select(RefusalRecord).order_by(RefusalRecord.seq).execution_options(yield_per=2000)
    ).scalars():
        broken = row.seq != expected or row.prev_hash != prev
        if broken or chain_hash(row.prev_hash, refusal_payload(row)) != row.hash:
            fail(
                row.compound_id,
                f"拒绝#{row.seq}",
                "拒绝记录链",
                f"越权拒绝记录在第 {expected} 条处断开或被改动过",
            )
            return
        prev, expected = row.hash, row.seq + 1
