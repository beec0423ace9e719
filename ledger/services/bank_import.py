"""Importing a bank statement file: all or nothing, idempotent on the bank's serial number.

The file is read and checked whole before anything is written (`ledger.interop.bank_file`),
then against what is already stored, in one unit of work with its audit record:
- a line whose serial is already stored must be the same line (date, amount, balance,
  counterparty, memo), else it is an error, never an update;
- new lines must come after every stored line (an overlapping file adds only its new tail)
  and the running balance must continue from the last stored balance;
- a file with nothing new writes nothing and says so.
Every problem is reported with the file's row number; when there is any, nothing is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ledger.domain.bank import (
    BankLine,
    check_order,
    check_running_balance,
    check_serials,
    in_date_order,
    where,
)
from ledger.domain.errors import BatchInvalid, Problem
from ledger.domain.money import format_fen
from ledger.domain.roles import Action
from ledger.interop.bank_file import BankFile, read_bank_file
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import audit, org, row_seals
from ledger.store import bank as store
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_bank import BankImport, BankLineRow


@dataclass(frozen=True)
class ImportResult:
    compound: str
    filename: str
    profile: str
    encoding: str
    lines_in_file: int
    added: int
    first_new: str = ""  # date of the first new line
    last_new: str = ""
    closing_fen: int = 0  # the balance after the file's last line

    @property
    def summary(self) -> str:
        head = (
            f"{self.compound}：对账单 {self.filename}（格式 {self.profile}，编码 {self.encoding}）"
        )
        if not self.added:
            return f"{head} 的 {self.lines_in_file} 笔流水都已导入过，没有新的流水，未作任何更改"
        old = self.lines_in_file - self.added
        skipped = f"，另有 {old} 笔已导入过未重复导入" if old else ""
        return (
            f"{head} 导入 {self.added} 笔新流水（{self.first_new} 至 {self.last_new}）{skipped}；"
            f"期末余额 {format_fen(self.closing_fen)}"
        )


def account_key(c: Compound) -> str:
    """The compound's account number as the statements are filed under: its digits."""
    return re.sub(r"\D", "", c.bank_account_no)


def import_statement(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    data: bytes,
    filename: str,
    profile: str | None = None,
) -> ImportResult:
    bank_rules = ctx.rules.bank
    chosen = bank_rules.profile(profile) if profile else None
    parsed = read_bank_file(data, filename, bank_rules.profiles, chosen)
    lines = in_date_order(parsed.lines)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.IMPORT_BANK, c)
        lock_compound(session, c.id)
        account = account_key(c)
        new, problems = _new_lines(session, c, account, parsed, lines)
        if problems:
            raise BatchInvalid(filename, problems)
        result = ImportResult(
            c.name,
            filename,
            parsed.profile.key,
            parsed.encoding,
            len(lines),
            len(new),
            str(new[0].date) if new else "",
            str(new[-1].date) if new else "",
            lines[-1].balance_fen,
        )
        if new:
            _write(ctx, session, actor, c, account, parsed, data, filename, new)
        return result


def _new_lines(
    session: Session, c: Compound, account: str, parsed: BankFile, lines: list[BankLine]
) -> tuple[list[BankLine], list[Problem]]:
    problems: list[Problem] = []
    if parsed.account_no and account and parsed.account_no != account:
        problems.append(
            Problem(
                f"第 {parsed.header_row - 1} 行" if parsed.header_row > 1 else "",
                f"这是账号 {parsed.account_no} 的对账单，不是{c.name}公共收益专户"
                f"（账号 {account}）的：请检查是否选错了文件",
            )
        )
    problems += check_order(lines) + check_serials(lines)
    stored = store.lines_by_serial(session, c.id, account, (x.serial for x in lines))
    for line in lines:
        row = stored.get(line.serial)
        if row is not None and _content(row) != line.content():
            problems.append(
                Problem(
                    where(line.row),
                    f"流水号「{line.serial}」已经导入过，但内容不同（已导入的是 {row.txn_date} "
                    f"{format_fen(row.amount_fen)}，余额 {format_fen(row.balance_fen)}）："
                    "银行流水不能修改，请向银行核实",
                )
            )
    first_new = next((i for i, x in enumerate(lines) if x.serial not in stored), None)
    if first_new is None:
        return [], problems + check_running_balance(lines, None)
    new = lines[first_new:]
    for line in new:
        if line.serial in stored:
            problems.append(
                Problem(where(line.row), f"已导入过的流水「{line.serial}」夹在新流水中间")
            )
    last = store.last_line(session, c.id, account)
    opening = None
    if last is not None and first_new == 0:
        opening = last.balance_fen
        if new[0].date < last.txn_date:
            problems.append(
                Problem(
                    where(new[0].row),
                    f"新流水的日期 {new[0].date} 早于已导入的最后一笔（{last.txn_date}，流水号"
                    f"「{last.serial}」）：只能接着已导入的流水往后导入",
                )
            )
    elif last is not None and lines[first_new - 1].serial != last.serial:
        problems.append(
            Problem(
                where(new[0].row),
                f"与已导入的最后一笔（流水号「{last.serial}」，{last.txn_date}）之间缺少流水："
                "请导入连续的对账单",
            )
        )
    problems += check_running_balance(lines if first_new else new, opening)
    return [x for x in new if x.serial not in stored], problems


def _content(row: BankLineRow) -> tuple[object, ...]:
    return (
        row.serial,
        row.txn_date,
        row.amount_fen,
        row.balance_fen,
        row.counterparty,
        row.counterparty_account,
        row.memo,
    )


def _write(
    ctx: Context,
    session: Session,
    actor: Actor,
    c: Compound,
    account: str,
    parsed: BankFile,
    data: bytes,
    filename: str,
    new: list[BankLine],
) -> None:
    now = ctx.clock()
    digest = hashlib.sha256(data).hexdigest()
    record = BankImport(
        compound_id=c.id,
        account_no=account,
        filename=filename[:255],
        sha256=digest,
        profile=parsed.profile.key,
        encoding=parsed.encoding,
        lines_in_file=len(parsed.lines),
        lines_added=len(new),
        imported_by=actor.id,
        imported_at=now,
    )
    session.add(record)
    session.flush()
    last = store.last_line(session, c.id, account)
    seq = last.seq if last is not None else 0
    session.execute(
        insert(BankLineRow),
        [
            {
                "compound_id": c.id,
                "account_no": account,
                "seq": seq + i,
                "serial": x.serial,
                "txn_date": x.date,
                "amount_fen": x.amount_fen,
                "balance_fen": x.balance_fen,
                "counterparty": x.counterparty,
                "counterparty_account": x.counterparty_account,
                "memo": x.memo,
                "import_id": record.id,
                "file_row": x.row,
            }
            for i, x in enumerate(new, 1)
        ],
    )
    line_ids = session.execute(
        select(BankLineRow.id).where(BankLineRow.import_id == record.id)
    ).scalars()
    row_seals.touch(session, "bank_line", line_ids)
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=now,
        actor_id=actor.id,
        compound_id=c.id,
        action="import_bank",
        target=f"bank_import:{record.id}",
        details={
            "file": filename,
            "sha256": digest,
            "profile": parsed.profile.key,
            "encoding": parsed.encoding,
            "lines_in_file": len(parsed.lines),
            "added": len(new),
            "from": new[0].date,
            "to": new[-1].date,
            "closing": new[-1].balance_fen,
        },
    )
