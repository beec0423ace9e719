"""Checks a draft must pass before it is written or posted, and the writing of its lines:
dates (not before the account opened, not in the future, not in a closed or frozen month),
known accounts, attachments, a reversal that mirrors its original exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.entry import Attachment, Line, check_text
from ledger.domain.errors import (
    InvalidDate,
    InvalidInput,
    NotFound,
    PeriodClosed,
    UnknownAccount,
    WrongState,
)
from ledger.domain.period import Month
from ledger.domain.rules import Rules
from ledger.services.context import Context
from ledger.store import books, org
from ledger.store.schema import Account, Compound, Draft, DraftAttachment, DraftLine, Entry

MAX_ATTACHMENTS = 999


def check_reversal(session: Session, c: Compound, draft: Draft, lines: Sequence[Line]) -> None:
    assert draft.reverses_seq is not None
    if books.reversal_of(session, c.id, draft.reverses_seq) is not None:
        raise WrongState("原凭证已经被冲销过，不能再次冲销")
    original = session.get(Entry, (c.id, draft.reverses_seq))
    if original is None:
        raise NotFound("冲销草稿指向的原凭证不存在")
    codes = {a.id: a.code for a in books.accounts_by_code(session, c.id).values()}
    mirror = [
        (x.account_code, -x.amount_fen) for x in books.record_of(session, original, codes).lines
    ]
    if [(x.account_code, x.amount_fen) for x in lines] != mirror:
        raise InvalidInput("冲销凭证必须与原凭证金额相同、方向相反")


def find_voucher(session: Session, voucher_no: str, compound: str | None) -> tuple[Compound, Entry]:
    voucher_no = voucher_no.strip()
    candidates = (
        [org.compound_by_name(session, compound)] if compound else org.all_compounds(session)
    )
    found = [(c, e) for c in candidates if (e := books.entry_by_voucher(session, c.id, voucher_no))]
    if not found:
        where = f"{compound}" if compound else "任何小区"
        raise NotFound(f"在{where}找不到凭证「{voucher_no}」", voucher=voucher_no)
    if len(found) > 1:
        names = "、".join(c.name for c, _ in found)
        raise InvalidInput(
            f"凭证号「{voucher_no}」在多个小区都有（{names}）：请用 --compound 指明小区"
        )
    return found[0]


def check_date(ctx: Context, session: Session, c: Compound, date: dt.date) -> None:
    if date < c.opened_on:
        raise InvalidDate(f"凭证日期 {date} 早于{c.name}公共收益专户开立日期 {c.opened_on}")
    today = local_today(ctx.clock)
    if date > today:
        raise InvalidDate(f"凭证日期 {date} 晚于今天（{today}）：不能预先记账")
    check_open(session, c, Month.of(date))


def check_open(session: Session, c: Compound, month: Month) -> None:
    if books.lock_of(session, c.id, month) is not None:
        raise PeriodClosed(
            f"{c.name} {month.label} 已经结账公示，不能再记入；请把凭证日期改到未结账的月份",
            month=str(month),
        )
    if books.close_state(session, c.id, month) not in (None, "open"):
        raise PeriodClosed(
            f"{c.name} {month.label} 已提交月结、数字已冻结待签字，不能再记入；"
            "如确需更正，请监督小组退回月结后再记，或记入下一个月",
            month=str(month),
        )


def check_lines_known(rules: Rules, lines: Sequence[Line]) -> None:
    for line in lines:
        if not rules.has_account(line.account_code):
            raise UnknownAccount(
                f"未知科目「{line.account_code}」：请用 rules.yaml 里的科目代码，如 1002、4301",
                code=line.account_code,
            )


def check_attachments(count: int, attachments: Sequence[Attachment]) -> None:
    if not 0 <= count <= MAX_ATTACHMENTS:
        raise InvalidInput(f"附件张数应在 0—{MAX_ATTACHMENTS} 之间，现在是 {count}")
    for a in attachments:
        if len(a.sha256) != 64 or any(ch not in "0123456789abcdef" for ch in a.sha256):
            raise InvalidInput(f"附件「{a.filename}」的 SHA-256 摘要格式不对")
        check_text(a.filename, field="附件文件名", limit=255)


def ensure_accounts(
    session: Session, c: Compound, rules: Rules, lines: Sequence[Line]
) -> dict[str, Account]:
    """The compound's accounts, adding any the rules define that the books lack yet."""
    accounts = books.accounts_by_code(session, c.id)
    for code in {x.account_code for x in lines} - set(accounts):
        accounts[code] = add_account(session, c.id, rules, code)
    return accounts


def add_account(session: Session, compound_id: int, rules: Rules, code: str) -> Account:
    a = rules.account(code)
    row = Account(
        compound_id=compound_id,
        code=a.code,
        name=a.name,
        kind=a.kind.value,
        beancount=a.beancount,
        may_go_negative=a.may_go_negative,
        role=a.role.value if a.role else None,
    )
    session.add(row)
    session.flush()
    return row


def write_lines(
    session: Session,
    draft: Draft,
    accounts: dict[str, Account],
    lines: Sequence[Line],
    attachments: Sequence[Attachment],
) -> None:
    for i, line in enumerate(lines, 1):
        memo = check_text(line.memo, field=f"第 {i} 行摘要", required=False)
        session.add(
            DraftLine(
                draft_id=draft.id,
                line_no=i,
                account_id=accounts[line.account_code].id,
                amount_fen=line.amount_fen,
                memo=memo,
            )
        )
    for a in attachments:
        session.add(DraftAttachment(draft_id=draft.id, sha256=a.sha256, filename=a.filename))
    session.flush()
