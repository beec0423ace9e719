"""Project read models as plain data: the register line, each recorded step, and one project
in full with its quotes, votes and objections. Built by `ledger.services.project_views`; shown
by the CLI and the TUI and printed by `reports.project_notice_pdf` (which may not import the
store, hence they live in the domain).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from ledger.domain.money import format_plain


@dataclass(frozen=True)
class ProjectLine:
    id: int
    compound: str
    title: str
    state: str
    state_label: str
    tier: str
    tier_label: str
    estimate_fen: int
    budget_fen: int | None
    paid_fen: int
    notice_start: dt.date | None
    notice_end: dt.date | None

    @property
    def remaining_fen(self) -> int:
        return (self.budget_fen or 0) - self.paid_fen

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "compound": self.compound,
            "title": self.title,
            "state": self.state,
            "state_label": self.state_label,
            "tier": self.tier,
            "tier_label": self.tier_label,
            "estimate": format_plain(self.estimate_fen),
            "budget": format_plain(self.budget_fen) if self.budget_fen is not None else None,
            "paid": format_plain(self.paid_fen),
            "remaining": format_plain(self.remaining_fen),
            "notice_start": self.notice_start.isoformat() if self.notice_start else None,
            "notice_end": self.notice_end.isoformat() if self.notice_end else None,
        }


@dataclass(frozen=True)
class StepLine:
    seq: int
    action: str
    action_label: str
    to_state: str
    by: str
    at: str
    on_date: dt.date
    evidence: str
    details: dict[str, Any]


@dataclass(frozen=True)
class ProjectView:
    line: ProjectLine
    need: str
    proposer: str
    proposer_kind: str
    households: int
    special_matter: bool
    choice_reason: str | None
    chosen_quote_id: int | None
    final_cost_fen: int | None
    steps: tuple[StepLine, ...]
    quotes: tuple[dict[str, Any], ...]
    votes: tuple[dict[str, Any], ...]
    objections: tuple[dict[str, Any], ...]
    notice_seal_no: int | None = None  # the seal-register number of the notice's seal

    def as_json(self) -> dict[str, Any]:
        out = self.line.as_json()
        out.update(
            {
                "need": self.need,
                "proposer": self.proposer,
                "proposer_kind": self.proposer_kind,
                "households": self.households,
                "special_matter": self.special_matter,
                "choice_reason": self.choice_reason,
                "chosen_quote": self.chosen_quote_id,
                "final_cost": format_plain(self.final_cost_fen)
                if self.final_cost_fen is not None
                else None,
                "steps": [{**asdict(s), "on_date": s.on_date.isoformat()} for s in self.steps],
                "quotes": list(self.quotes),
                "votes": list(self.votes),
                "objections": list(self.objections),
                "notice_seal_no": self.notice_seal_no,
            }
        )
        return out
