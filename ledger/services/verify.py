"""`verify`: recompute every invariant of DESIGN.md §3 from the stored rows.

It trusts nothing the database says about itself: each entry's hash is recomputed from its
rows, each link compared with the previous hash, balance and numbering re-derived, month locks
and their snapshots recomputed, daily balances of accounts that may not go negative replayed,
and the audit log's chain recomputed and cross-checked against the entries it records; the
derived month totals are recomputed from the postings (`verify_totals`).
Rows are streamed in order, so memory stays flat however long the history (`verify_stream`);
a big street's compounds are checked side by side in worker processes (`verify_parallel`),
with the same report, finding for finding, as one process writes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain import fast_hash
from ledger.domain.account import AccountKind
from ledger.domain.entry import Line
from ledger.domain.hashing import GENESIS_HASH
from ledger.domain.period import Month, voucher_number
from ledger.domain.rules import Rules
from ledger.services import verify_parallel as parallel
from ledger.services import verify_stream as stream
from ledger.services.context import Context
from ledger.services.periods import snapshot_hash
from ledger.services.verify_audit import check_audit
from ledger.services.verify_bank import check_bank
from ledger.services.verify_contracts import check_contracts
from ledger.services.verify_controls import check_controls
from ledger.services.verify_totals import check_month_totals
from ledger.store import books, org
from ledger.store import projects as project_repo
from ledger.store.schema import Compound, PeriodLock, Posting
from ledger.store.schema_controls import MonthClose, MonthSignoff


@dataclass(frozen=True)
class Finding:
    compound: str
    voucher: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.compound} {self.voucher}".strip()
        return f"[{self.rule}] {where}：{self.message}"


@dataclass
class VerifyReport:
    compounds: int = 0
    entries: int = 0
    audit_records: int = 0
    findings: list[Finding] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def digest(self) -> str:
        """One hash over every entry chain's and audit chain's head: equal digests mean equal
        books and equal audit logs."""
        return hashlib.sha256("\n".join(self.heads).encode()).hexdigest()


def verify(
    ctx: Context, compound: str | None = None, *, workers: int | None = None
) -> VerifyReport:
    """Check one compound, or the whole street. A big street's compounds are checked side by
    side in `workers` processes (default: one per CPU; 1 keeps it all in this process); the
    report is the same either way."""
    report = VerifyReport()
    running, seen = (
        parallel.begin(ctx, workers, _verify_compound) if compound is None else (None, None)
    )
    try:
        with ctx.db.read() as session:
            targets = (
                [org.compound_by_name(session, compound)]
                if compound
                else org.all_compounds(session)
            )
            ids = [c.id for c in targets]
            later = VerifyReport()  # what needs no entry hashes; reported after the audit log

            def other_checks() -> None:
                check_contracts(session, ctx.rules, later, ids)
                check_controls(session, later, ids)
                check_month_totals(session, later, ids)
                check_bank(session, ctx.rules, later, ids)

            parts = parallel.parts(
                ctx, session, targets, running, seen, _verify_compound, other_checks
            )
            running = None
            approved: dict[int, dict[int, str]] = {}
            for c in targets:
                part = parts.get(c.id)
                if part is None:
                    rules = ctx.rules.for_compound(c.name)
                    approved[c.id] = _verify_compound(session, c, rules, report)
                else:
                    report.entries += part.entries
                    report.findings.extend(part.findings)
                    report.heads.extend(part.heads)
                    approved[c.id] = part.hashes
                report.compounds += 1
            check_audit(session, report, approved, only=ids if compound else None)
            report.findings.extend(later.findings)
    finally:
        if running:
            parallel.stop(running)
    return report


def _verify_compound(
    session: Session, c: Compound, rules: Rules, report: VerifyReport
) -> dict[int, str]:
    prefix = rules.voucher_prefix
    accounts = books.accounts_by_code(session, c.id)
    codes = _Codes((a.id, a.code) for a in accounts.values())
    guarded = {a.id: AccountKind(a.kind) for a in accounts.values() if not a.may_go_negative}
    names = {a.id: f"{a.code} {a.name}" for a in accounts.values()}
    locks = {
        lk.month: lk
        for lk in session.execute(
            select(PeriodLock).where(PeriodLock.compound_id == c.id)
        ).scalars()
    }
    found = report.findings

    def fail(voucher: str, rule: str, message: str) -> None:
        found.append(Finding(c.name, voucher, rule, message))

    prev_hash, expected_seq = GENESIS_HASH, 1
    voucher_seen: dict[str, int] = defaultdict(int)
    months: dict[object, tuple[Month, str]] = {}  # by entry date
    daily: dict[int, dict[object, int]] = defaultdict(lambda: defaultdict(int))
    hashes: dict[int, str] = {}
    total_seen = 0
    chain_ok = True
    for entry, postings, attached in stream.entries(session, c.id):
        # One unpacking instead of thirty attribute look-ups: this loop runs once per entry.
        (seq, voucher_month, voucher_seq, v, day, kind, memo, category, project_id,
         attachment_count, reverses_seq, reason, maker_id, checker_id, drafted_at, posted_at,
         stored_prev, stored_hash) = entry  # fmt: skip
        if seq != expected_seq:
            fail(v, "链条连续", f"链序号应为 {expected_seq}，实为 {seq}（有凭证被删除或插入）")
        if stored_prev != prev_hash and chain_ok:
            fail(v, "哈希链", "前一哈希与上一张凭证的哈希不符：链条在此断开")
            chain_ok = False
        lines = [(codes[p[1]], p[2], p[3]) for p in postings]
        digest = fast_hash.entry_hash(
            stored_prev,
            compound_id=c.id,
            seq=seq,
            voucher_no=v,
            entry_date=day,
            kind=kind,
            memo=memo,
            category=category,
            project_id=project_id,
            attachment_count=attachment_count,
            reverses_seq=reverses_seq,
            reason=reason,
            maker_id=maker_id,
            checker_id=checker_id,
            drafted_at=drafted_at,
            posted_at=posted_at,
            lines=lines,
            attachments=attached,
        )
        if digest != stored_hash and chain_ok:
            fail(v, "哈希链", "凭证内容与其哈希不符：这张凭证在过账后被改动过")
            chain_ok = False
        amounts = [p[2] for p in postings]
        if len(amounts) < 2 or sum(amounts) != 0 or 0 in amounts:
            fail(v, "借贷平衡", f"分录 {len(amounts)} 行，合计 {sum(amounts)} 分：借贷不平")
        known = months.get(day)
        if known is None:
            known = months[day] = (Month.of(day), str(Month.of(day)))
        month, label = known
        if voucher_month != label or any(p[4] != label for p in postings):
            fail(v, "凭证月份", "凭证月份与凭证日期不符")
        n = voucher_seen[voucher_month] = voucher_seen[voucher_month] + 1
        if voucher_seq != n or (
            v != voucher_number(prefix, month, n)
            and not v.endswith(f"-{month.year:04d}-{month.month:02d}-{n:04d}")
        ):
            fail(
                v,
                "凭证号连续",
                f"{voucher_month} 的第 {n} 张凭证编号应为 "
                f"{voucher_number(prefix, month, n)}（凭证号有缺号或重号）",
            )
        if maker_id == checker_id:
            fail(v, "制单审核分离", "制单人与审核人是同一人")
        if reverses_seq is not None and not _mirrors(
            session, c, reverses_seq, [Line(*x) for x in lines]
        ):
            fail(v, "冲销对应", f"冲销凭证与被冲销的链序号 {reverses_seq} 的凭证金额方向不对应")
        lock = locks.get(voucher_month)
        if lock is not None and seq > lock.last_seq:
            fail(v, "结账后不得记账", f"{voucher_month} 已于结账后又记入这张凭证")
        for p in postings:
            if p[1] in guarded:
                daily[p[1]][day] += p[2]
        hashes[seq] = stored_hash
        prev_hash, expected_seq = stored_hash, seq + 1
        total_seen += 1
    report.entries += total_seen
    _check_balances(daily, guarded, names, fail)
    _check_projects(session, c, rules, fail)
    for month_text, lock in sorted(locks.items()):
        if lock.last_seq > total_seen:
            fail(month_text, "月结快照", "结账记录指向不存在的凭证")
        elif (
            snapshot_hash(session, c, Month.parse(month_text), lock.last_seq) != lock.snapshot_hash
        ):
            fail(month_text, "月结快照", "结账时的余额快照与现有账簿不符")
    _check_signoffs(session, c, locks, fail)
    report.heads.append(f"{c.id}:{expected_seq - 1}:{prev_hash}")
    return hashes


class _Codes(dict[int, str]):
    """Account id → code; an id with no account shows as `#id`, so its entry fails its hash."""

    def __missing__(self, account_id: int) -> str:
        return f"#{account_id}"


def _check_projects(
    session: Session, c: Compound, rules: Rules, fail: Callable[[str, str, str], None]
) -> None:
    """Invariant 8, second half: no project is paid past its approved budget and tolerance."""
    for p in project_repo.in_compound(session, c.id):
        paid = project_repo.paid_fen(session, c.id, p.id)
        if paid <= 0:
            continue
        ceiling = rules.payment_ceiling_fen(p.budget_fen or 0)
        if paid > ceiling:
            fail(
                f"项目#{p.id}",
                "项目限额",
                f"「{p.title}」已付 {paid} 分，超过批准预算上限 {ceiling} 分",
            )


SIGNED_STEPS = (
    ("review", "approved"),
    ("sign_committee", "signed"),
    ("sign_community", "signed"),
    ("publish", "published"),
)


def _check_signoffs(
    session: Session,
    c: Compound,
    locks: dict[str, PeriodLock],
    fail: Callable[[str, str, str], None],
) -> None:
    """A locked month carries the whole close: published, and reviewed and signed by the
    supervisory group, the committee and the community on the snapshot that was locked."""
    closes = {
        m.month: m
        for m in session.execute(select(MonthClose).where(MonthClose.compound_id == c.id)).scalars()
    }
    signed: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in session.execute(
        select(MonthSignoff).where(MonthSignoff.compound_id == c.id)
    ).scalars():
        signed[row.month].add((row.step, row.decision, row.snapshot_hash))
    for month, lock in sorted(locks.items()):
        close = closes.get(month)
        if close is None or close.state != "published" or close.snapshot_hash != lock.snapshot_hash:
            fail(month, "月结签字", "结账锁定与月结记录不符（月结记录缺失、未公示或快照不同）")
            continue
        missing = [
            step
            for step, decision in SIGNED_STEPS
            if (step, decision, lock.snapshot_hash) not in signed[month]
        ]
        if missing:
            fail(month, "月结签字", f"结账锁定缺少对同一快照的签字：{'、'.join(missing)}")


def _mirrors(session: Session, c: Compound, seq: int, reversal: list[Line]) -> bool:
    original = session.execute(
        select(Posting.account_id, Posting.amount_fen)
        .where(Posting.compound_id == c.id, Posting.entry_seq == seq)
        .order_by(Posting.line_no)
    ).all()
    codes = {a.id: a.code for a in books.accounts_by_code(session, c.id).values()}
    mirror = [(codes.get(a, ""), -amount) for a, amount in original]
    return mirror == [(x.account_code, x.amount_fen) for x in reversal]


def _check_balances(daily, guarded, names, fail) -> None:  # type: ignore[no-untyped-def]
    for account_id, by_day in daily.items():
        kind, running = guarded[account_id], 0
        for day in sorted(by_day):
            running += by_day[day]
            if kind.normal_balance(running) < 0:
                fail(str(day), "不得透支", f"{names[account_id]} 在 {day} 日终余额为负")
                break
