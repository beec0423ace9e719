"""表决 form: the tally of the body the project's tier names (the committee, or the owners'
assembly counted by head and by exclusive area), judged LIVE against the rules' thresholds
as the numbers are typed — by `ledger.domain.tally`, the same judge the service records —
showing each check, the least that meets it and the margin. Recording asks first: a vote
that fails rejects the project."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Static

from ledger.domain.errors import LedgerError
from ledger.domain.money import format_fen, parse_fen
from ledger.domain.project_view import ProjectView
from ledger.domain.tally import (
    AssemblyTally,
    CommitteeTally,
    VoteOutcome,
    judge_assembly,
    judge_committee,
)
from ledger.domain.vote_rules import VoteBody
from ledger.services import project_votes
from ledger.services.project_offers import ProjectOffer
from tui.screens.form_base import DateInput, FormScreen, row
from tui.screens.step_form import parse_count
from tui.session import Session
from tui.widgets.confirm import ConfirmDialog

COMMITTEE = (
    ("members", "在任委员人数"),
    ("present", "出席人数"),
    ("for", "赞成票"),
    ("against", "反对票"),
    ("abstain", "弃权票"),
)
# (label, head-count field, area field or None)
ASSEMBLY = (
    ("业主总数", ("owners_total", "业主总人数"), ("area_total", "专有部分总面积")),
    ("参与表决", ("owners_voted", "参与表决人数"), ("area_voted", "参与表决面积")),
    ("赞成", ("owners_for", "赞成人数"), ("area_for", "赞成面积")),
    ("反对、弃权", ("owners_against", "反对人数"), ("owners_abstain", "弃权人数")),
)
AREAS = {"area_total", "area_voted", "area_for"}


def figure(check_name: str, value: int) -> str:
    """Heads as they are; area (hundredths of m² inside) as m² with separators."""
    return f"{format_fen(value)}㎡" if "面积" in check_name else f"{value:,}"


def outcome_text(outcome: VoteOutcome) -> Text:
    text = Text()
    for c in outcome.checks:
        mark, style = ("✓ 达到", "green") if c.met else ("✗ 未达到", "red")
        sign = "+" if c.margin >= 0 else "-"
        text.append(f"{c.name} {figure(c.name, c.part)}/{figure(c.name, c.whole)}  ")
        text.append(f"{mark}{c.threshold}", style=style)
        text.append(
            f"（至少需 {figure(c.name, c.needed)}，差距 {sign}{figure(c.name, abs(c.margin))}）\n"
        )
    verdict = "结果：表决通过" if outcome.passed else "结果：表决未通过（登记后项目将被否决）"
    text.append(verdict, style="bold green" if outcome.passed else "bold red")
    return text


class VoteForm(FormScreen):
    DEFAULT_CSS = """
    VoteForm #result { height: auto; padding: 0 1; border: round $primary; }
    VoteForm .pair { height: auto; width: 1fr; }
    VoteForm .pair > Input { width: 1fr; margin-right: 1; }
    VoteForm .pair > .unit { width: 12; text-align: right; padding-right: 1; }
    """

    def __init__(self, session: Session, view: ProjectView, offer: ProjectOffer) -> None:
        super().__init__(session)
        self.view = view
        self.body = offer.vote_body
        self.special = offer.special
        self.rules = session.ctx.rules.for_compound(session.compound)
        self.form_title = f"{self.body.label}表决：#{view.line.id} {view.line.title}"
        self.done = ""
        self.outcome: VoteOutcome | None = None

    def _labels(self) -> dict[str, str]:
        if self.body is VoteBody.COMMITTEE:
            return dict(COMMITTEE)
        return {key: label for _, *pairs in ASSEMBLY for key, label in pairs}

    def fields(self) -> ComposeResult:
        if self.body is VoteBody.COMMITTEE:
            for key, label in COMMITTEE:
                yield row(label, Input(compact=True, id=key, placeholder="人数"))
        else:
            for label, (k1, l1), (k2, l2) in ASSEMBLY:
                unit = "面积㎡" if k2 in AREAS else l2[:2]
                yield row(
                    label,
                    Horizontal(
                        Input(compact=True, id=k1, placeholder=l1),
                        Static(unit, classes="unit"),
                        Input(compact=True, id=k2, placeholder=l2),
                        classes="pair",
                    ),
                )
        yield row("表决日期", DateInput(self.session.today(), field="表决日期", id="date"))
        yield Static("", id="result")

    def first_field(self) -> Widget:
        return self.query(Input).first()

    def on_mount(self) -> None:
        self._judge()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._judge()

    def _numbers(self) -> dict[str, int]:
        out = {}
        for key, label in self._labels().items():
            text = self.query_one(f"#{key}", Input).value
            out[key] = parse_fen(text, field=label) if key in AREAS else parse_count(text, label)
        return out

    def _missing(self) -> list[str]:
        return [
            label
            for key, label in self._labels().items()
            if not self.query_one(f"#{key}", Input).value.strip()
        ]

    def judge(self) -> VoteOutcome:
        n = self._numbers()
        if self.body is VoteBody.COMMITTEE:
            return judge_committee(
                self.rules.committee_vote,
                CommitteeTally(n["members"], n["present"], n["for"], n["against"], n["abstain"]),
            )
        return judge_assembly(self.rules.assembly_vote, self._assembly(n), special=self.special)

    @staticmethod
    def _assembly(n: dict[str, int]) -> AssemblyTally:
        return AssemblyTally(
            owners_total=n["owners_total"],
            area_total=n["area_total"],
            owners_voted=n["owners_voted"],
            area_voted=n["area_voted"],
            owners_for=n["owners_for"],
            area_for=n["area_for"],
            owners_against=n["owners_against"],
            owners_abstain=n["owners_abstain"],
        )

    def _judge(self) -> None:
        result = self.query_one("#result", Static)
        self.outcome = None
        missing = self._missing()
        if missing:
            result.update(Text("边填边算：还要填 " + "、".join(missing), style="dim"))
            return
        try:
            self.outcome = self.judge()
        except LedgerError as err:
            result.update(Text(err.message, style="bold red"))
            return
        result.update(outcome_text(self.outcome))

    def action_save(self) -> None:
        try:
            outcome = self.judge()
            self.query_one("#date", DateInput).check()
        except LedgerError as err:
            self.refuse(err)
            return
        verdict = "通过" if outcome.passed else "未通过，项目将被否决"
        question = f"按以上票数登记{self.body.label}表决：{verdict}。登记后不能更改，确认？"

        def answer(yes: bool | None) -> None:
            if yes:
                super(VoteForm, self).action_save()

        self.app.push_screen(ConfirmDialog(question), answer)

    def save(self) -> str:
        n, s = self._numbers(), self.session
        day = self.query_one("#date", DateInput).check()
        if self.body is VoteBody.COMMITTEE:
            project_votes.committee_vote(
                s.ctx,
                s.actor,
                self.view.line.id,
                members=n["members"],
                present=n["present"],
                votes_for=n["for"],
                against=n["against"],
                abstain=n["abstain"],
                held_on=day,
            )
        else:
            project_votes.assembly_vote(
                s.ctx, s.actor, self.view.line.id, tally=self._assembly(n), held_on=day
            )
        self.done = "已登记表决：" + self.judge().summary()
        return self.done

    def saved(self) -> None:
        self.dismiss(None)
