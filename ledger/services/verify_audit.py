"""`verify` of the audit log: every scope's chain recomputed, and every posted entry matched
with the audit record of its approval (and every such record with its entry), so removing the
newest entry, which no later link covers, is still found. An entry approved one by one has an
`approve_entry` record with its hash; a bulk batch has one `bulk_post` record naming its range
and the hash of its last entry, which pins the earlier ones through the entries' chain."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ledger.domain import fast_hash
from ledger.domain.hashing import GENESIS_HASH
from ledger.store.schema import AuditRecord, Compound

if TYPE_CHECKING:
    from ledger.services.verify import VerifyReport


def check_audit(
    session: Session,
    report: VerifyReport,
    approved: dict[int, dict[int, str]],
    only: Sequence[int] | None,
) -> None:
    from ledger.services.verify import Finding

    names = dict(session.execute(select(Compound.id, Compound.name)).all())
    # Plain rows, hashed by `fast_hash` (byte-identical to `chain_hash(record_payload(…))`):
    # building ORM objects and walking payloads generically was most of verify's time.
    log = AuditRecord.__table__
    query = select(log).order_by(log.c.scope, log.c.seq)
    if only is not None:
        query = query.where(log.c.scope.in_([f"compound:{i}" for i in only]))
    scope, prev, expected, broken = "", GENESIS_HASH, 1, False
    recorded: dict[int, dict[int, str]] = {cid: {} for cid in approved}
    for row in session.execute(query.execution_options(yield_per=2000)):
        report.audit_records += 1
        if row.scope != scope:
            if scope:
                report.heads.append(f"audit:{scope}:{expected - 1}:{prev}")
            scope, prev, expected, broken = row.scope, GENESIS_HASH, 1, False
        where = names.get(row.compound_id or 0, "组织") if row.compound_id else "组织"
        if not broken and (row.seq != expected or row.prev_hash != prev):
            report.findings.append(
                Finding(
                    where,
                    f"审计#{row.seq}",
                    "审计日志链",
                    f"{row.scope} 的审计记录在第 {expected} 条处断开（被删除或插入）",
                )
            )
            broken = True
        if not broken and _digest(row) != row.hash:
            report.findings.append(
                Finding(
                    where,
                    f"审计#{row.seq}",
                    "审计日志链",
                    f"{row.scope} 的第 {row.seq} 条审计记录被改动过",
                )
            )
            broken = True
        prev, expected = row.hash, row.seq + 1
        if row.action in APPROVALS and row.compound_id in recorded:
            try:
                _approved(row.action, json.loads(row.details), recorded[row.compound_id])
            except (ValueError, KeyError, TypeError):
                report.findings.append(
                    Finding(where, row.target, "审计日志", "过账审计记录无法读取")
                )
    if scope:
        report.heads.append(f"audit:{scope}:{expected - 1}:{prev}")
    for cid, hashes in approved.items():
        logged = recorded.get(cid, {})
        for seq in sorted(set(hashes) | set(logged)):
            if logged.get(seq) is COVERED and seq in hashes:
                continue
            if hashes.get(seq) != logged.get(seq):
                what = (
                    "没有对应的过账审计记录"
                    if seq not in logged
                    else (
                        "审计记录里的这张凭证已不在账簿中"
                        if seq not in hashes
                        else "凭证哈希与过账时记录的不符"
                    )
                )
                report.findings.append(
                    Finding(names.get(cid, str(cid)), f"链序号 {seq}", "审计对账", what)
                )
                break


APPROVALS = ("approve_entry", "bulk_post")
COVERED = "covered by the hash of a later entry its bulk record names"


def _approved(action: str, details: Any, into: dict[int, str]) -> None:
    """What an approval record says was posted: one entry's sequence and hash, or a bulk
    range, whose last entry's hash it names and whose earlier entries that hash covers
    through the chain. A hash recorded for an entry of its own is never overwritten."""
    if action == "approve_entry":
        into[int(details["seq"])] = str(details["hash"])
        return
    head, count = int(details["head_seq"]), int(details["count"])
    first = int(details.get("first_seq", head - count + 1))
    if not 1 <= first <= head or head - first + 1 != count:
        raise ValueError(f"bulk range {first}..{head} does not hold {count} entries")
    for seq in range(first, head):
        into.setdefault(seq, COVERED)
    into[head] = str(details["head_hash"])


def _digest(row: Row[Any]) -> str:
    return fast_hash.audit_hash(
        row.prev_hash,
        scope=row.scope,
        seq=row.seq,
        at=fast_hash.stamp(row.at),
        actor_id=row.actor_id,
        compound_id=row.compound_id,
        action=row.action,
        target=row.target,
        details=row.details,
    )
