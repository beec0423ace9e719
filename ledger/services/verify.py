"""`verify`: recompute every invariant of DESIGN.md §3 from the stored rows.

It trusts nothing the database says about itself: each entry's hash is recomputed from its
rows, each link compared with the previous hash, balance and numbering re-derived, month locks
and their snapshots recomputed, daily balances of accounts that may not go negative replayed,
and the audit log's chain recomputed and cross-checked against the entries it records.
Rows are streamed in order, so memory stays flat however long the history.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ledger.domain import fast_hash
from ledger.domain.account import AccountKind
from ledger.domain.entry import Line
from ledger.domain.fast_hash import stamp
from ledger.domain.hashing import GENESIS_HASH
from ledger.domain.period import Month, voucher_number
from ledger.domain.rules import Rules
from ledger.services.context import Context
from ledger.services.periods import snapshot_hash
from ledger.services.verify_audit import check_audit
from ledger.services.verify_bank import check_bank
from ledger.services.verify_contracts import check_contracts
from ledger.services.verify_controls import check_controls
from ledger.store import books, org
from ledger.store import projects as project_repo
from ledger.store.schema import Compound, Entry, EntryAttachment, PeriodLock, Posting
from ledger.store.schema_controls import MonthClose, MonthSignoff

STREAM = 2000


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


def verify(ctx: Context, compound: str | None = None) -> VerifyReport:
    report = VerifyReport()
    with ctx.db.read() as session:
        targets = (
            [org.compound_by_name(session, compound)] if compound else org.all_compounds(session)
        )
        approved: dict[int, dict[int, str]] = {}
        for c in targets:
            approved[c.id] = _verify_compound(session, c, ctx.rules.for_compound(c.name), report)
            report.compounds += 1
        check_audit(session, report, approved, only=[c.id for c in targets] if compound else None)
        check_contracts(session, ctx.rules, report, [c.id for c in targets])
        check_controls(session, report, [c.id for c in targets])
        check_bank(session, ctx.rules, report, [c.id for c in targets])
    return report


def _rows(
    session: Session, c: Compound
) -> Iterator[tuple[Row[Any], list[Row[Any]], list[Row[Any]]]]:
    # Plain rows (named like the models' attributes), not ORM objects: a street's history is
    # hundreds of thousands of them, and building objects was most of verify's time.
    p, a, e = Posting.__table__, EntryAttachment.__table__, Entry.__table__
    postings = groupby(
        session.execute(
            select(p)
            .where(p.c.compound_id == c.id)
            .order_by(p.c.entry_seq, p.c.line_no)
            .execution_options(yield_per=STREAM)
        ),
        key=lambda row: row.entry_seq,
    )
    files = groupby(
        session.execute(
            select(a).where(a.c.compound_id == c.id).order_by(a.c.entry_seq, a.c.line_no)
        ),
        key=lambda row: row.entry_seq,
    )
    pending_p = next(postings, None)
    pending_f = next(files, None)
    entries = session.execute(
        select(e)
        .where(e.c.compound_id == c.id)
        .order_by(e.c.seq)
        .execution_options(yield_per=STREAM)
    )
    for entry in entries:
        lines: list[Row[Any]] = []
        while pending_p is not None and pending_p[0] <= entry.seq:
            if pending_p[0] == entry.seq:
                lines = list(pending_p[1])
            else:
                list(pending_p[1])
            pending_p = next(postings, None)
        attached: list[Row[Any]] = []
        while pending_f is not None and pending_f[0] <= entry.seq:
            if pending_f[0] == entry.seq:
                attached = list(pending_f[1])
            else:
                list(pending_f[1])
            pending_f = next(files, None)
        yield entry, lines, attached


def _verify_compound(
    session: Session, c: Compound, rules: Rules, report: VerifyReport
) -> dict[int, str]:
    prefix = rules.voucher_prefix
    accounts = books.accounts_by_code(session, c.id)
    codes = {a.id: a.code for a in accounts.values()}
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
    months: dict[tuple[int, int], Month] = {}
    daily: dict[int, dict[object, int]] = defaultdict(lambda: defaultdict(int))
    hashes: dict[int, str] = {}
    total_seen = 0
    chain_ok = True
    for entry, postings, attached in _rows(session, c):
        report.entries += 1
        v = entry.voucher_no
        if entry.seq != expected_seq:
            fail(
                v, "链条连续", f"链序号应为 {expected_seq}，实为 {entry.seq}（有凭证被删除或插入）"
            )
        if entry.prev_hash != prev_hash and chain_ok:
            fail(v, "哈希链", "前一哈希与上一张凭证的哈希不符：链条在此断开")
            chain_ok = False
        lines = [
            (codes.get(p.account_id, f"#{p.account_id}"), p.amount_fen, p.memo) for p in postings
        ]
        digest = fast_hash.entry_hash(
            entry.prev_hash,
            compound_id=entry.compound_id,
            seq=entry.seq,
            voucher_no=v,
            entry_date=entry.entry_date,
            kind=entry.kind,
            memo=entry.memo,
            category=entry.category,
            project_id=entry.project_id,
            attachment_count=entry.attachment_count,
            reverses_seq=entry.reverses_seq,
            reason=entry.reason,
            maker_id=entry.maker_id,
            checker_id=entry.checker_id,
            drafted_at=stamp(entry.drafted_at),
            posted_at=stamp(entry.posted_at),
            lines=lines,
            attachments=[(a.sha256, a.filename) for a in attached],
        )
        if digest != entry.hash and chain_ok:
            fail(v, "哈希链", "凭证内容与其哈希不符：这张凭证在过账后被改动过")
            chain_ok = False
        amounts = [p.amount_fen for p in postings]
        if len(amounts) < 2 or sum(amounts) != 0 or 0 in amounts:
            fail(v, "借贷平衡", f"分录 {len(amounts)} 行，合计 {sum(amounts)} 分：借贷不平")
        day = entry.entry_date
        month = months.get((day.year, day.month)) or months.setdefault(
            (day.year, day.month), Month.of(day)
        )
        label = str(month)
        if entry.voucher_month != label or any(p.voucher_month != label for p in postings):
            fail(v, "凭证月份", "凭证月份与凭证日期不符")
        voucher_seen[entry.voucher_month] += 1
        n = voucher_seen[entry.voucher_month]
        if entry.voucher_seq != n or (
            v != voucher_number(prefix, month, n)
            and not v.endswith(f"-{month.year:04d}-{month.month:02d}-{n:04d}")
        ):
            fail(
                v,
                "凭证号连续",
                f"{entry.voucher_month} 的第 {n} 张凭证编号应为 "
                f"{voucher_number(prefix, month, n)}（凭证号有缺号或重号）",
            )
        if entry.maker_id == entry.checker_id:
            fail(v, "制单审核分离", "制单人与审核人是同一人")
        if entry.reverses_seq is not None and not _mirrors(
            session, c, entry.reverses_seq, [Line(*x) for x in lines]
        ):
            fail(
                v, "冲销对应", f"冲销凭证与被冲销的链序号 {entry.reverses_seq} 的凭证金额方向不对应"
            )
        lock = locks.get(entry.voucher_month)
        if lock is not None and entry.seq > lock.last_seq:
            fail(v, "结账后不得记账", f"{entry.voucher_month} 已于结账后又记入这张凭证")
        for p in postings:
            if p.account_id in guarded:
                daily[p.account_id][entry.entry_date] += p.amount_fen
        hashes[entry.seq] = entry.hash
        prev_hash, expected_seq = entry.hash, entry.seq + 1
        total_seen += 1
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
