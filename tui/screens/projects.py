"""项目 screen: the compound's projects by stage, in the order of the process, with budget and
what has been paid. Enter opens a project's full history and its next steps; N records a
new proposal (群众点题) for those who may."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ledger.domain.money import format_fen
from ledger.domain.project import ProjectState
from ledger.services import project_offers
from ledger.services.project_views import ProjectLine, project_list
from tui.menu import register
from tui.screens.project_detail import ProjectDetailScreen
from tui.screens.project_steps import PROPOSE, StepForm
from tui.session import Session

STAGE_ORDER = {state.value: n for n, state in enumerate(ProjectState)}


def money(fen: int | None) -> Text:
    return Text("" if fen is None else format_fen(fen), justify="right")


@register("p", "项目")
class ProjectsScreen(Screen[None]):
    DEFAULT_CSS = """
    ProjectsScreen .form-title { height: 1; background: $primary; padding: 0 1; text-style: bold; }
    ProjectsScreen #stages { height: auto; padding: 0 1; color: $text-muted; }
    ProjectsScreen DataTable { height: 1fr; }
    ProjectsScreen #status { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "open", "查看"),
        Binding("n", "propose", "立项提议"),
        Binding("r", "reload", "刷新"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._lines: list[ProjectLine] = []
        self._may_propose = project_offers.may_propose(session.ctx, session.actor, session.compound)

    def compose(self) -> ComposeResult:
        who = f"{self.session.compound} · {self.session.actor.display_name}"
        yield Static(f"项目台账（按阶段）    {who}", classes="form-title", markup=False)
        yield Static("", id="stages", markup=False)
        table: DataTable[object] = DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        table.add_column("编号", key="id")
        table.add_column("项目", key="title")
        table.add_column("阶段", key="stage")
        table.add_column("规模", key="tier")
        table.add_column(Text("预算", justify="right"), key="budget")
        table.add_column(Text("已付", justify="right"), key="paid")
        yield table
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "propose":
            return self._may_propose
        return True

    def action_reload(self) -> None:
        lines = project_list(self.session.ctx, self.session.compound)
        self._lines = sorted(lines, key=lambda ln: (STAGE_ORDER[ln.state], ln.id))
        table = self.query_one("#projects", DataTable)
        table.clear()
        for ln in self._lines:
            table.add_row(
                str(ln.id),
                Text(ln.title),
                Text(ln.state_label),
                Text(ln.tier_label),
                money(ln.budget_fen)
                if ln.budget_fen is not None
                else Text(f"估 {format_fen(ln.estimate_fen)}", style="dim", justify="right"),
                money(ln.paid_fen),
                key=str(ln.id),
            )
        counts = Counter(ln.state_label for ln in self._lines)
        stages = "  ".join(f"{label} {n}" for label, n in counts.items())
        self.query_one("#stages", Static).update(
            stages or "还没有项目。按 N 登记居民提出的需求（群众点题）。"
        )
        table.focus()

    def action_open(self) -> None:
        table = self.query_one("#projects", DataTable)
        if not self._lines:
            return
        line = self._lines[table.cursor_row]
        self.app.push_screen(
            ProjectDetailScreen(self.session, line.id), lambda _: self.action_reload()
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_propose(self) -> None:
        def done(_: object) -> None:
            if form.done:
                self.query_one("#status", Static).update(form.done)
            self.action_reload()

        form = StepForm(self.session, PROPOSE, None)
        self.app.push_screen(form, done)
