"""The small bank forms: a transfer to the maintenance fund (专项维修资金), a bank fee and
bank interest. One amount, a date and a memo; the accounts come from the rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Static

from ledger.domain.money import format_fen
from ledger.services import routine_entries
from tui.screens.form_base import DateInput, FormScreen, row, saved_message
from tui.session import Session
from tui.widgets.amount import AmountInput


@dataclass(frozen=True)
class BankForm:
    title: str
    amount_label: str
    memo_default: str
    note: str
    draft: Callable[..., int]


FUND = BankForm(
    "划转专项维修资金",
    "划转金额",
    "划转专项维修资金",
    "从公共收益专户转出，记入「划转专项维修资金」；请附银行转账回单。",
    routine_entries.draft_fund_transfer,
)
FEE = BankForm(
    "银行手续费",
    "手续费",
    "银行手续费",
    "银行从专户扣收的账户管理费、转账手续费；请附银行扣费单。",
    routine_entries.draft_bank_fee,
)
INTEREST = BankForm(
    "银行利息",
    "利息金额",
    "银行存款结息",
    "银行计入专户的存款利息，全部属于业主，不扣成本；请附结息单。",
    routine_entries.draft_interest,
)


class BankEntryForm(FormScreen):
    def __init__(self, session: Session, kind: BankForm) -> None:
        super().__init__(session)
        self.kind = kind
        self.form_title = kind.title

    def fields(self) -> ComposeResult:
        yield row(self.kind.amount_label, AmountInput(field=self.kind.amount_label, id="amount"))
        yield row("日期", DateInput(self.session.today(), id="date"))
        yield row(
            "摘要", Input(placeholder=f"默认：{self.kind.memo_default}", compact=True, id="memo")
        )
        yield Static(self.kind.note, classes="form-note")

    def first_field(self) -> Widget:
        return self.query_one("#amount", AmountInput)

    def save(self) -> str:
        amount = self.query_one("#amount", AmountInput).check()
        draft = self.kind.draft(
            self.session.ctx,
            self.session.actor,
            compound=self.session.compound,
            date=self.query_one("#date", DateInput).check(),
            amount_fen=amount,
            memo=self.query_one("#memo", Input).value,
        )
        return f"{self.kind.title} {format_fen(amount)}，" + saved_message(draft)

    def saved(self) -> None:
        self.query_one("#amount", AmountInput).set_fen(None)
        self.query_one("#memo", Input).value = ""
