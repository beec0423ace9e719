"""A project step as a form described by data: its fields (text, amount, date, choice), the
service call that records it and, for a step that cannot be undone, the question asked first.
`project_steps` holds the specs; the services check everything again when a step is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from ledger.domain.errors import InvalidInput, LedgerError
from ledger.domain.project import ProjectAction
from ledger.domain.project_view import ProjectView
from tui.screens.form_base import DateInput, FormScreen, row
from tui.session import Session
from tui.widgets.amount import AmountInput
from tui.widgets.confirm import ConfirmDialog


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: str = "text"  # text | amount | date | choice | count
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    placeholder: str = ""
    optional: bool = False
    default: str = ""  # a choice made in advance (the usual answer); '' for none


class Values:
    """What the user typed, read through the domain's parsers (errors in Chinese)."""

    def __init__(self, form: StepForm) -> None:
        self._form = form

    def text(self, name: str) -> str:
        return self._form.query_one(f"#{name}", Input).value

    def amount(self, name: str) -> int:
        return self._form.query_one(f"#{name}", AmountInput).check()

    def date(self, name: str = "date") -> dt.date:
        return self._form.query_one(f"#{name}", DateInput).check()

    def choice(self, name: str) -> str:
        widget = self._form.query_one(f"#{name}", Select)
        if not isinstance(widget.value, str):
            label = next(f.label for f in self._form.spec.fields if f.id == name)
            raise InvalidInput(f"请选择{label}", field=label)
        return widget.value

    def count(self, name: str) -> int:
        label = next(f.label for f in self._form.spec.fields if f.id == name)
        return parse_count(self.text(name), label)


def parse_count(text: str, label: str) -> int:
    """A head count as typed (full-width digits too); empty or not a whole number refused."""
    value = text.strip()
    if not value.isdigit():
        raise InvalidInput(f"{label}「{text}」应为 0 或正整数，如 12", field=label)
    return int(value)


Run = Callable[[Session, ProjectView, Values], str]
Ask = Callable[[ProjectView, Values], str | None]


@dataclass(frozen=True)
class StepSpec:
    action: ProjectAction | None  # None: a new project (propose)
    title: str
    fields: tuple[Field, ...]
    run: Run
    ask: Ask | None = None  # the confirmation question, when the step cannot be undone
    note: str = ""
    choices_from: Callable[[ProjectView], dict[str, tuple[tuple[str, str], ...]]] = field(
        default=lambda view: {}
    )


class StepForm(FormScreen):
    """One project step; after it is recorded the form closes and the detail refreshes."""

    def __init__(self, session: Session, spec: StepSpec, view: ProjectView | None) -> None:
        super().__init__(session)
        self.spec = spec
        self.view = view
        self.form_title = (
            f"{spec.title}：#{view.line.id} {view.line.title}" if view is not None else spec.title
        )
        self.done = ""

    def fields(self) -> ComposeResult:
        dynamic = self.spec.choices_from(self.view) if self.view is not None else {}
        for f in self.spec.fields:
            yield row(f.label, self._widget(f, dynamic.get(f.id, f.choices)))
        if self.spec.note:
            yield Static(self.spec.note, classes="form-note", markup=False)

    def _widget(self, f: Field, choices: tuple[tuple[str, str], ...]) -> Widget:
        if f.kind == "amount":
            return AmountInput(field=f.label, id=f.id)
        if f.kind == "date":
            return DateInput(self.session.today(), field=f.label, id=f.id)
        if f.kind == "choice":
            first = choices[0][1] if len(choices) == 1 else (f.default or Select.NULL)
            return Select(choices, prompt=f"请选择{f.label}", value=first, compact=True, id=f.id)
        return Input(placeholder=f.placeholder, compact=True, id=f.id)

    def first_field(self) -> Widget:
        first = self.spec.fields[0]
        return self.query_one(f"#{first.id}")

    def save(self) -> str:
        self.done = self.spec.run(self.session, self.view, Values(self))  # type: ignore[arg-type]
        return self.done

    def saved(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        question = None
        if self.spec.ask is not None:
            try:
                question = self.spec.ask(self.view, Values(self))  # type: ignore[arg-type]
            except LedgerError as err:
                self.refuse(err)
                return
        if question is None:
            super().action_save()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                super(StepForm, self).action_save()

        self.app.push_screen(ConfirmDialog(question), answer)
