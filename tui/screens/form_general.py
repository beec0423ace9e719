"""通用记账 form: any entry as rows of account (picked from the chart, code and Chinese name),
debit or credit amount and a memo. The difference between debits and credits is shown live
and saving is refused while they differ (the domain's `check_lines` says by how much)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from ledger.domain.entry import Line, check_lines
from ledger.domain.errors import InvalidInput
from ledger.domain.money import format_fen
from ledger.services import entries, routine_entries
from tui.screens.form_base import DateInput, FormScreen, row, saved_message
from tui.session import Session
from tui.widgets.amount import AmountInput

FIRST_ROWS = 2


class EntryRow(Horizontal):
    DEFAULT_CSS = """
    EntryRow { height: auto; }
    EntryRow > .n { width: 3; }
    EntryRow > Select { width: 34; }
    EntryRow > AmountInput { width: 13; margin-left: 1; }
    EntryRow > Input { width: 1fr; margin-left: 1; }
    EntryRow > .head { width: 13; margin-left: 1; text-align: right; }
    EntryRow > .head-account { width: 34; }
    EntryRow > .head-memo { width: 1fr; margin-left: 1; }
    EntryRow .amount-error { display: none; }
    """

    def __init__(self, options: list[tuple[str, str]] | None) -> None:
        """`options` None: the column headings, laid out as the rows are."""
        super().__init__(classes="entry-row" if options is not None else "entry-head")
        self._options = options

    def compose(self) -> ComposeResult:
        yield Static("", classes="n")
        if self._options is None:
            yield Static("科目", classes="head-account")
            yield Static("借方", classes="head")
            yield Static("贷方", classes="head")
            yield Static("行摘要", classes="head-memo")
            return
        yield Select(self._options, prompt="选择科目", compact=True, classes="account")
        yield AmountInput(field="借方金额", compact=True, classes="debit")
        yield AmountInput(field="贷方金额", compact=True, classes="credit")
        yield Input(placeholder="可不填", compact=True, classes="memo")

    def amount(self, side: str) -> AmountInput:
        return self.query_one(f".{side}", AmountInput)

    def empty(self) -> bool:
        account = self.query_one(Select).value
        return (
            not isinstance(account, str)
            and not self.amount("debit").text.strip()
            and not self.amount("credit").text.strip()
        )

    def signed_fen(self) -> int:
        """Debit positive, credit negative; 0 while empty or wrong (the total ignores it)."""
        return (self.amount("debit").value() or 0) - (self.amount("credit").value() or 0)

    def line(self, n: int) -> Line:
        account = self.query_one(Select).value
        if not isinstance(account, str):
            raise InvalidInput(f"第 {n} 行没有选科目：请选择科目，或删去这一行（Ctrl+D）")
        debit, credit = self.amount("debit"), self.amount("credit")
        if debit.text.strip() and credit.text.strip():
            raise InvalidInput(f"第 {n} 行借方和贷方都填了：一行只填一边")
        side = debit if debit.text.strip() else credit
        if not side.text.strip():
            raise InvalidInput(f"第 {n} 行（科目 {account}）没有金额：请填借方或贷方")
        fen = side.check()
        memo = self.query_one(".memo", Input).value.strip()
        return Line(account, fen if side is debit else -fen, memo)


class GeneralEntryForm(FormScreen):
    form_title = "通用记账（多行分录）"
    BINDINGS = [
        Binding("ctrl+n", "add_row", "加一行"),
        Binding("ctrl+d", "drop_row", "删当前行"),
    ]
    DEFAULT_CSS = """
    GeneralEntryForm #rows { height: auto; }
    GeneralEntryForm .entry-head { color: $text-muted; }
    GeneralEntryForm #difference { height: auto; text-style: bold; }
    GeneralEntryForm #difference.-unbalanced { color: $error; }
    GeneralEntryForm #difference.-balanced { color: $success; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._options = [
            (a.label, a.code) for a in routine_entries.chart(session.ctx, session.compound)
        ]

    def fields(self) -> ComposeResult:
        yield row("日期", DateInput(self.session.today(), field="凭证日期", id="date"))
        yield row("摘要", Input(placeholder="这张凭证记的是什么", compact=True, id="memo"))
        yield Static(
            "   科目                         "
            + "借方".rjust(13)
            + "  "
            + "贷方".rjust(13)
            + "  行摘要",
            id="head",
            markup=False,
        )
        with Vertical(id="rows"):
            for _ in range(FIRST_ROWS):
                yield EntryRow(self._options)
        yield Static("", id="difference", markup=False)

    def on_mount(self) -> None:
        self._renumber()
        self._show_difference()

    def rows(self) -> list[EntryRow]:
        return list(self.query(".entry-row").results(EntryRow))

    def _renumber(self) -> None:
        for n, r in enumerate(self.rows(), 1):
            r.query_one(".n", Static).update(f"{n}.")

    def _show_difference(self) -> None:
        rows = self.rows()
        debit = sum(r.amount("debit").value() or 0 for r in rows)
        credit = sum(r.amount("credit").value() or 0 for r in rows)
        wrong = next(
            (
                (n, a.error)
                for n, r in enumerate(rows, 1)
                for a in (r.amount("debit"), r.amount("credit"))
                if a.error
            ),
            None,
        )
        diff = debit - credit
        text = f"借方合计 {format_fen(debit)}    贷方合计 {format_fen(credit)}    "
        if diff:
            side = "借方多" if diff > 0 else "贷方多"
            text += f"差额 {format_fen(abs(diff))}（{side}）：借贷不平，不能保存"
        else:
            text += "借贷平衡"
        if wrong is not None:
            text += f"\n第 {wrong[0]} 行：{wrong[1]}"
        widget = self.query_one("#difference", Static)
        widget.update(text)
        widget.set_class(bool(diff) or wrong is not None, "-unbalanced")
        widget.set_class(not diff and wrong is None, "-balanced")

    def difference_fen(self) -> int:
        return sum(r.signed_fen() for r in self.rows())

    def on_amount_input_changed(self, event: AmountInput.Changed) -> None:
        self._show_difference()

    def first_field(self) -> Widget:
        return self.query_one("#memo", Input)

    def action_add_row(self) -> None:
        new = EntryRow(self._options)
        self.query_one("#rows", Vertical).mount(new)
        self.call_after_refresh(self._after_rows_changed, new)

    def _after_rows_changed(self, focus: EntryRow | None) -> None:
        self._renumber()
        self._show_difference()
        if focus is not None:
            focus.query_one(Select).focus()

    def action_drop_row(self) -> None:
        rows = self.rows()
        focused = self.focused
        current = next(
            (r for r in rows if focused is not None and r in focused.ancestors_with_self), None
        )
        if current is None or len(rows) <= FIRST_ROWS:
            self.status("至少保留两行分录", ok=False)
            return
        current.remove()
        self.call_after_refresh(self._after_rows_changed, None)

    def save(self) -> str:
        date = self.query_one("#date", DateInput).check()
        lines = [r.line(n) for n, r in enumerate(self.rows(), 1) if not r.empty()]
        check_lines(lines)  # refuses an unbalanced entry, saying by how much
        draft = entries.draft_entry(
            self.session.ctx,
            self.session.actor,
            compound=self.session.compound,
            date=date,
            memo=self.query_one("#memo", Input).value,
            lines=lines,
        )
        return saved_message(draft)

    def saved(self) -> None:
        self.query_one("#memo", Input).value = ""
        for r in self.rows():
            r.query_one(Select).clear()
            r.amount("debit").set_fen(None)
            r.amount("credit").set_fen(None)
            r.query_one(".memo", Input).value = ""
