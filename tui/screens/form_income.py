"""收入 form: income recorded gross, the property company's reasonable cost (民法典 §282) as
its own line, the net into the bank. The cost share and net are filled in from the
category's rule as the gross is typed and stay editable; the draft is made by the same
service as the command line's `income`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from ledger.domain.errors import InvalidAmount, InvalidInput
from ledger.domain.money import format_fen
from ledger.domain.rules import IncomeCategory
from ledger.services import routine_entries
from tui.menu import register
from tui.screens.form_base import DateInput, FormScreen, row, saved_message
from tui.session import Session
from tui.widgets.amount import AmountInput


@register("i", "收入记账")
class IncomeForm(FormScreen):
    form_title = "收入记账（总额、物业合理成本、净额入专户）"

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._categories = {
            c.key: c for c in routine_entries.income_categories(session.ctx, session.compound)
        }

    def fields(self) -> ComposeResult:
        options = [
            (f"{c.name}（物业成本 {c.cost_share_bp / 100:g}%）", key)
            for key, c in self._categories.items()
        ]
        first = next(iter(self._categories), None)
        yield row(
            "收入类别",
            Select(
                options,
                prompt="请选择收入类别",
                allow_blank=first is None,
                value=first if first is not None else Select.NULL,
                compact=True,
                id="category",
            ),
        )
        yield row("日期", DateInput(self.session.today(), field="收入日期", id="date"))
        yield row("总收入", AmountInput(field="总收入", id="gross"))
        yield row(
            "物业合理成本",
            AmountInput(field="物业合理成本", allow_zero=True, id="cost"),
        )
        yield row("净额入专户", AmountInput(field="净额", allow_zero=True, id="net"))
        yield row(
            "付款方", Input(placeholder="如 某某物业公司（可不填）", compact=True, id="payer")
        )
        yield row("摘要", Input(placeholder="默认：某年某月+类别", compact=True, id="memo"))
        yield Static(
            "合理成本按所选类别的规则比例自动填写，可以改；净额 = 总收入 − 合理成本。",
            classes="form-note",
        )

    def first_field(self) -> AmountInput:
        return self.query_one("#gross", AmountInput)

    def category(self) -> IncomeCategory:
        key = self.query_one("#category", Select).value
        if not isinstance(key, str):
            raise InvalidInput("请先选择收入类别", field="收入类别")
        return self._categories[key]

    def on_select_changed(self, event: Select.Changed) -> None:
        self._fill_from_gross()

    def on_amount_input_changed(self, event: AmountInput.Changed) -> None:
        if not event.amount.has_focus_within:
            return  # filled in by the form itself: nothing more follows from it
        which = event.amount.id
        if which == "gross":
            self._fill_from_gross()
        elif which == "cost":
            self._fill(net=self._minus(event.fen))
        elif which == "net":
            self._fill(cost=self._minus(event.fen))

    def _minus(self, part: int | None) -> int | None:
        """Gross less the other part, when both are known and it makes sense."""
        gross = self.query_one("#gross", AmountInput).value()
        if gross is None or part is None or part > gross:
            return None
        return gross - part

    def _fill_from_gross(self) -> None:
        gross = self.query_one("#gross", AmountInput).value()
        if gross is None:
            return
        try:
            cost = self.category().cost_share_fen(gross)
        except InvalidInput:
            return
        self._fill(cost=cost, net=gross - cost)

    def _fill(self, *, cost: int | None = None, net: int | None = None) -> None:
        """Set the filled-in fields, leaving one alone that already says the same amount
        (so what the user typed is not rewritten under their fingers)."""
        for name, fen in (("cost", cost), ("net", net)):
            field = self.query_one(f"#{name}", AmountInput)
            if fen is not None and field.value() != fen:
                field.set_fen(fen)

    def save(self) -> str:
        cat = self.category()
        date = self.query_one("#date", DateInput).check()
        gross = self.query_one("#gross", AmountInput).check()
        cost = self.query_one("#cost", AmountInput).check()
        net = self.query_one("#net", AmountInput).check()
        if cost + net != gross:
            raise InvalidAmount(
                f"合理成本 {format_fen(cost)} 加净额 {format_fen(net)} 不等于总收入 "
                f"{format_fen(gross)}：请改正其中一项",
                field="净额",
            )
        draft = routine_entries.draft_income_from(
            self.session.ctx,
            self.session.actor,
            compound=self.session.compound,
            date=date,
            category=cat.key,
            gross_fen=gross,
            deduction_fen=cost,
            payer=self.query_one("#payer", Input).value,
            memo=self.query_one("#memo", Input).value,
        )
        return f"{cat.name} 总收入 {format_fen(gross)}，" + saved_message(draft)

    def saved(self) -> None:
        for name in ("gross", "cost", "net"):
            self.query_one(f"#{name}", AmountInput).set_fen(None)
        for name in ("payer", "memo"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#gross", AmountInput).focus()
