"""Bank statement files for the service and CLI tests, written as a bank would export them."""

from __future__ import annotations

import datetime as dt

from ledger.domain.money import format_plain

HEADER = "交易日期,摘要,收入金额,支出金额,余额,对方户名,流水号"

# (date, memo, signed fen, counterparty, serial)
Row = tuple[dt.date, str, int, str, str]


def statement(rows: list[Row], opening_fen: int = 0, *, encoding: str = "utf-8") -> bytes:
    """A CSV statement in the income/expense layout with running balances from `opening_fen`."""
    out = ["测试花园业主委员会 公共收益专户 账户明细", HEADER]
    balance = opening_fen
    for day, memo, fen, counterparty, serial in rows:
        balance += fen
        money_in = format_plain(fen) if fen > 0 else ""
        money_out = format_plain(-fen) if fen < 0 else ""
        out.append(
            f"{day},{memo},{money_in},{money_out},{format_plain(balance)},{counterparty},{serial}"
        )
    return ("\n".join(out) + "\n").encode(encoding)
