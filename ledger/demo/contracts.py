"""The demo street's revenue contracts, from July 2023 (or a compound's first full month):
lift and gate advertising paid monthly, base-station rent paid quarterly, and parking
collected by each property company and transferred by the 15th of the next month.

Once a compound's contracts run, they take over the incomes of their categories from the
plain income shortcut: the money comes in as receipts against the contracts instead. Some of
it does not come in, so the notices have arrears to show:
- 香榭雅居's property company transfers each month's parking money about three weeks late;
- 迎宾花苑's tower company paid only part of the 2026 third-quarter rent;
- 汇景台小区's advertising firm stopped paying in June 2026, and the committee ended the
  contract at the end of September; what it owes stays an arrear.
汇景台小区's rules send 50% of net public revenue to the maintenance fund quarterly: each
quarter's share is transferred on the 20th of the following month, except 2026's third.
"""

from __future__ import annotations

import datetime as dt
import random
import typing
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from ledger.demo.data import DemoCompound
from ledger.demo.project_steps import Cast
from ledger.domain.contract import ContractKind
from ledger.domain.errors import WrongState
from ledger.domain.period import Month
from ledger.domain.rules import Frequency
from ledger.services import collections, contracts, fund_share, receivables, seals
from ledger.services.context import Context
from ledger.services.seal_register import list_seals

Post = Callable[[int, int], str]  # (draft id, change of the bank balance) -> voucher number

FIRST = Month(2023, 7)  # after the reports' golden demo (2023-06), which stays as it was
LATE_PROPERTY = "香榭雅居"  # transfers parking money about three weeks late
PARTIAL_TOWER = ("迎宾花苑", Month(2026, 7), 500_000)  # paid ¥5,000.00 of that quarter's rent
STOPPED_ADS = ("汇景台小区", Month(2026, 6), dt.date(2026, 9, 30))  # stops paying; ended then
FUND_COMPOUND, FUND_SKIPPED = (
    "汇景台小区",
    Month(2026, 9),
)  # the quarter ending then is never transferred


@dataclass(frozen=True)
class DemoContract:
    ref: str
    counterparty: str
    kind: ContractKind
    category: str
    frequency: Frequency
    amount_fen: int  # per period; 0 for a collection
    due_day: int


CONTRACTS: dict[str, tuple[DemoContract, ...]] = {
    "迎宾花苑": (
        DemoContract("YB-GG-2023", "新疆华联传媒有限公司", ContractKind.DIRECT, "advertising",
                     Frequency.MONTHLY, 280_000, 8),
        DemoContract("YB-JZ-2023", "中国铁塔股份有限公司巴州分公司", ContractKind.DIRECT,
                     "base_station", Frequency.QUARTERLY, 750_000, 20),
        DemoContract("YB-WY-2023", "库尔勒迎宾物业服务有限公司", ContractKind.COLLECTION, "parking",
                     Frequency.MONTHLY, 0, 15),
    ),
    "香榭雅居": (
        DemoContract("XX-GG-2023", "巴州新视点广告有限公司", ContractKind.DIRECT, "advertising",
                     Frequency.MONTHLY, 165_000, 8),
        DemoContract("XX-JZ-2023", "中国铁塔股份有限公司巴州分公司", ContractKind.DIRECT,
                     "base_station", Frequency.QUARTERLY, 600_000, 20),
        DemoContract("XX-WY-2023", "香榭物业管理有限公司", ContractKind.COLLECTION, "parking",
                     Frequency.MONTHLY, 0, 15),
    ),
    "冠农小区": (
        DemoContract("GN-GG-2023", "库尔勒道闸广告经营部", ContractKind.DIRECT, "advertising",
                     Frequency.MONTHLY, 135_000, 8),
        DemoContract("GN-WY-2023", "冠农物业服务有限公司", ContractKind.COLLECTION, "parking",
                     Frequency.MONTHLY, 0, 15),
    ),
    "汇景台小区": (
        DemoContract("HJ-GG-2023", "梯媒（新疆）文化传播有限公司", ContractKind.DIRECT, "advertising",
                     Frequency.MONTHLY, 70_000, 8),
        DemoContract("HJ-WY-2023", "汇景物业服务有限公司", ContractKind.COLLECTION, "parking",
                     Frequency.MONTHLY, 0, 15),
    ),
}  # fmt: skip


def start_of(spec: DemoCompound) -> Month:
    """Contracts run from January 2023, or the first full month after the account opened."""
    return max(FIRST, Month.of(spec.opened_on).next())


def covers(spec: DemoCompound, category: str, month: Month) -> bool:
    """Whether a contract takes this income over from the plain income shortcut."""
    return month >= start_of(spec) and any(
        k.category == category for k in CONTRACTS.get(spec.name, ())
    )


def events(spec: DemoCompound, month: Month) -> list[tuple[dt.date, str, object]]:
    start = start_of(spec)
    if spec.name not in CONTRACTS or month < start:
        return []
    out: list[tuple[dt.date, str, object]] = []
    day = month.first_day.replace
    if month == start:
        out.append((day(day=2), "contract_add", None))
    if (spec.name, month) == (STOPPED_ADS[0], Month.of(STOPPED_ADS[2]).next()):
        out.append((day(day=5), "contract_end", None))
    out.append((day(day=28), "contract_accrue", None))  # after the month's receipts
    for k in CONTRACTS[spec.name]:
        if k.kind is ContractKind.COLLECTION:
            out.append((month.last_day, "contract_collect", k))
            late = spec.name == LATE_PROPERTY
            paid_for = month.prev().prev() if late else month.prev()
            if paid_for >= start:
                out.append((day(day=5 if late else 10), "contract_transfer", (k, paid_for)))
        elif k.frequency is Frequency.MONTHLY or month.month % 3 == 1:
            out.append((day(day=k.due_day), "contract_receive", (k, month)))
    if spec.name == FUND_COMPOUND and month.month % 3 == 1 and month.prev() >= start:
        out.append((day(day=20), "contract_fund", month.prev()))
    return out


def run(
    ctx: Context, cast: Cast, spec: DemoCompound, kind: str, data: object, on: dt.date, post: Post
) -> None:
    name, t = spec.name, cast.treasurer
    if kind == "contract_add":
        _add_all(ctx, cast, spec, on)
    elif kind == "contract_end":
        contracts.end_contract(
            ctx, cast.committee, compound=name, ref="HJ-GG-2023", on=STOPPED_ADS[2],
            reason="对方自 2026 年 6 月起拒付广告费，经业委会会议决定解除合同，欠款另行追讨",
        )  # fmt: skip
    elif kind == "contract_accrue":
        with suppress(WrongState):  # nothing fell due this month
            post(receivables.accrue_month(ctx, t, compound=name, month=Month.of(on)), 0)
    elif kind == "contract_receive":
        k, month = typing.cast(tuple[DemoContract, Month], data)
        fen = _receipt(name, k, month)
        if fen:
            post(
                receivables.receive(ctx, t, compound=name, ref=k.ref, amount_fen=fen, date=on), fen
            )
    elif kind == "contract_collect":
        gross = _parking(spec, Month.of(on))
        assert isinstance(data, DemoContract)
        draft = collections.record_collection(
            ctx, t, compound=name, ref=data.ref, month=Month.of(on), gross_fen=gross,
            attachment_count=1,
        )  # fmt: skip
        post(draft, 0)
    elif kind == "contract_transfer":
        k, month = typing.cast(tuple[DemoContract, Month], data)
        view = contracts.show_contract(ctx, name, k.ref, on)
        owed = next((p.open_fen for p in view.periods if p.key == str(month)), 0)
        if owed > 0:
            draft = receivables.receive(
                ctx, t, compound=name, ref=k.ref, amount_fen=owed, date=on, period=str(month)
            )
            post(draft, owed)
    elif kind == "contract_fund" and data != FUND_SKIPPED:
        assert isinstance(data, Month)
        report = fund_share.fund_share_report(ctx, name, data)
        owed = next((p.outstanding_fen for p in report.periods if p.last == data), 0)
        if owed > 0:
            post(fund_share.transfer(ctx, t, compound=name, period=data, date=on), -owed)


def _receipt(name: str, k: DemoContract, month: Month) -> int:
    if (name, month) == PARTIAL_TOWER[:2] and k.category == "base_station":
        return PARTIAL_TOWER[2]
    if name == STOPPED_ADS[0] and k.category == "advertising" and month >= STOPPED_ADS[1]:
        return 0
    return k.amount_fen


def _parking(spec: DemoCompound, month: Month) -> int:
    income = next(i for i in spec.incomes if i.category == "parking")
    rng = random.Random(f"{spec.name}/{month}/parking")
    return rng.randint(income.low_yuan * 10, income.high_yuan * 10) * 10


def _add_all(ctx: Context, cast: Cast, spec: DemoCompound, on: dt.date) -> None:
    start = start_of(spec).first_day
    for k in CONTRACTS[spec.name]:
        seal = seals.request_seal(
            ctx, cast.committee, compound=spec.name, document_kind="contract",
            document=f"{k.counterparty}合同", purpose="签订公共收益合同", contract_ref=k.ref,
        )  # fmt: skip
        seals.approve_seal(ctx, cast.community, seal, approve=True, opinion="同意")
        seals.use_seal(ctx, cast.community, seal)
        register_no = next(x.register_no for x in list_seals(ctx, spec.name) if x.id == seal)
        new = contracts.NewContract(
            ref=k.ref,
            counterparty=k.counterparty,
            kind=k.kind,
            category=k.category,
            frequency=k.frequency,
            amount_fen=k.amount_fen,
            start=start,
            end=dt.date(2027, 12, 31),
            due_day=k.due_day,
            deposit_fen=k.amount_fen,
            seal_register_no=register_no,
            note="演示合同",
        )
        contracts.add_contract(ctx, cast.treasurer, compound=spec.name, new=new)
