"""记账 menu: every entry form behind one key each. Each form saves a draft; another person
approves it on their own screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.menu import register
from tui.screens.form_bank import FEE, FUND, INTEREST, BankEntryForm
from tui.screens.form_general import GeneralEntryForm
from tui.screens.form_income import IncomeForm
from tui.screens.form_payment import PaymentForm
from tui.session import Session

FORMS: list[tuple[str, str, Callable[[Session], Screen[None]]]] = [
    ("i", "收入（总额、物业合理成本、净额）", IncomeForm),
    ("f", "项目付款", PaymentForm),
    ("m", "划转专项维修资金", lambda s: BankEntryForm(s, FUND)),
    ("b", "银行手续费", lambda s: BankEntryForm(s, FEE)),
    ("l", "银行利息", lambda s: BankEntryForm(s, INTEREST)),
    ("g", "通用记账（多行分录）", GeneralEntryForm),
]


@register("e", "记账")
class EntryMenuScreen(Screen[None]):
    DEFAULT_CSS = """
    EntryMenuScreen .form-title { height: 1; background: $primary; padding: 0 1; text-style: bold; }
    EntryMenuScreen OptionList { height: auto; margin: 1 2; }
    EntryMenuScreen .form-note { color: $text-muted; padding: 0 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"open('{key}')", label.split("（")[0]) for key, label, _ in FORMS),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        who = f"{self.session.compound} · {self.session.actor.display_name}"
        yield Static(f"记账：选择要填写的单子    {who}", classes="form-title", markup=False)
        yield OptionList(
            *[Option(f"{key.upper()}  {label}", id=key) for key, label, _ in FORMS],
            id="forms",
        )
        yield Static(
            "按字母键或用方向键选择后回车。保存后是草稿，须另一位审核人审核过账。",
            classes="form-note",
        )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.action_open(event.option.id)

    def action_open(self, key: str) -> None:
        make = next(f for k, _, f in FORMS if k == key)
        self.app.push_screen(make(self.session))
