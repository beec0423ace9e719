"""项目付款 form: only projects that may be paid now are listed, each with its approved budget,
what has been paid and what may still be paid (the payment rules decide which, the same
check the draft and its posting make). Opened for a project that may not be paid, the form
says which rule stops it before anything is typed, and the service refuses the save."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from ledger.domain.errors import InvalidInput
from ledger.domain.money import format_fen
from ledger.services import payable_projects, project_payments
from tui.errors import describe
from tui.screens.form_base import DateInput, FormScreen, row, saved_message
from tui.session import Session
from tui.widgets.amount import AmountInput


def money_cell(fen: int | None) -> Text:
    return Text("" if fen is None else format_fen(fen), justify="right")


class PaymentForm(FormScreen):
    form_title = "项目付款（只能付给已开工实施的项目）"
    DEFAULT_CSS = """
    PaymentForm #payables { height: auto; max-height: 7; margin-bottom: 1; }
    PaymentForm #blocked { color: $error; height: auto; }
    """

    def __init__(self, session: Session, *, project_id: int | None = None) -> None:
        super().__init__(session)
        self._wanted = project_id
        self._items = payable_projects.payable_projects(
            session.ctx, session.compound, session.today()
        )
        self._blocked = (
            payable_projects.payment_refusal(
                session.ctx, session.compound, project_id, session.today()
            )
            if project_id is not None
            else None
        )

    def fields(self) -> ComposeResult:
        if self._blocked is not None:
            yield Static(describe(self._blocked), id="blocked", markup=False)
        table: DataTable[object] = DataTable(id="payables", cursor_type="row", zebra_stripes=True)
        table.add_column("编号", key="id")
        table.add_column("项目", key="title")
        table.add_column(Text("批准预算", justify="right"), key="budget")
        table.add_column(Text("已付", justify="right"), key="paid")
        table.add_column(Text("还可付", justify="right"), key="left")
        for item in self._items:
            ln = item.line
            table.add_row(
                str(ln.id),
                Text(ln.title),
                money_cell(ln.budget_fen),
                money_cell(ln.paid_fen),
                money_cell(item.payable_fen),
                key=str(ln.id),
            )
        if not self._items:
            yield Static(
                "现在没有可以付款的项目：项目须经表决、公示期满并开工实施后才能付款。",
                classes="form-note",
            )
        table.display = bool(self._items)
        yield table
        yield row("付款金额", AmountInput(field="付款金额", id="amount"))
        yield row("收款人", Input(placeholder="施工单位或供应商名称", compact=True, id="payee"))
        yield row("付款日期", DateInput(self.session.today(), field="付款日期", id="date"))
        yield row("摘要", Input(placeholder="默认：项目名称 付款：收款人", compact=True, id="memo"))
        if self._items:
            limit = format_fen(self._items[0].major_payment_fen)
            yield Static(
                f"单笔 {limit} 元及以上为重大付款，须社区党委把关并用印后才能过账。",
                classes="form-note",
            )

    def on_mount(self) -> None:
        if self._wanted is not None and any(i.line.id == self._wanted for i in self._items):
            table = self.query_one("#payables", DataTable)
            table.move_cursor(row=table.get_row_index(str(self._wanted)))

    def first_field(self) -> Widget:
        if self._items and self._wanted is None:
            return self.query_one("#payables", DataTable)
        return self.query_one("#amount", AmountInput)

    def project_id(self) -> int:
        table = self.query_one("#payables", DataTable)
        if self._blocked is None and self._items:
            return self._items[table.cursor_row].line.id
        if self._wanted is not None:
            return self._wanted
        raise InvalidInput("现在没有可以付款的项目", field="项目")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#amount", AmountInput).focus()

    def save(self) -> str:
        pid = self.project_id()
        amount = self.query_one("#amount", AmountInput).check()
        draft = project_payments.pay(
            self.session.ctx,
            self.session.actor,
            project_id=pid,
            amount_fen=amount,
            payee=self.query_one("#payee", Input).value,
            date=self.query_one("#date", DateInput).check(),
            memo=self.query_one("#memo", Input).value.strip() or None,
        )
        return f"项目 #{pid} 付款 {format_fen(amount)}，" + saved_message(draft)

    def saved(self) -> None:
        self.query_one("#amount", AmountInput).set_fen(None)
        for name in ("payee", "memo"):
            self.query_one(f"#{name}", Input).value = ""
