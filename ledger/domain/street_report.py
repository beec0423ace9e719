"""The street summary (街道汇总): one line per compound for the street office and the
community Party committees, and the street's totals. Plain data; amounts in fen.

Each compound's money figures are its monthly statement's (the bank account, 专户): the
month's income, spending and closing balance, the year to date and since the account was
opened. Governance figures: projects finished this year (accepted or closed from 1 January
to the month's end) and in progress at the month's end; whether the month was published,
on time (by the rules' `publish_deadline_day` of the next month) and fully signed (review,
committee and community); objections still open and complaints still unanswered as of the
day the report is made. The street's accumulated funds — the figure the article quotes —
are the sum of the compounds' closing balances.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ledger.domain.money import format_plain


@dataclass(frozen=True)
class CompoundSummary:
    compound: str
    opened_on: dt.date
    income_fen: int  # into the bank account this month
    spending_fen: int  # out of it this month
    closing_fen: int  # the balance at the month's end: the compound's accumulated funds
    income_ytd_fen: int
    spending_ytd_fen: int
    income_total_fen: int  # since the account was opened
    spending_total_fen: int
    projects_finished: int  # accepted or closed from 1 January to the month's end
    projects_in_progress: int  # in progress at the month's end
    published: bool
    published_on: dt.date | None  # local date of the publication sign-off
    on_time: bool  # published by the deadline day of the next month
    fully_signed: bool  # review, committee and community sign-offs of the current round
    open_objections: int  # project objections still open, as of the report's day
    open_complaints: int  # complaints not yet answered, as of the report's day

    def as_json(self) -> dict[str, Any]:
        return {
            "compound": self.compound,
            "opened_on": self.opened_on.isoformat(),
            "income": format_plain(self.income_fen),
            "spending": format_plain(self.spending_fen),
            "closing": format_plain(self.closing_fen),
            "income_ytd": format_plain(self.income_ytd_fen),
            "spending_ytd": format_plain(self.spending_ytd_fen),
            "income_total": format_plain(self.income_total_fen),
            "spending_total": format_plain(self.spending_total_fen),
            "projects_finished_this_year": self.projects_finished,
            "projects_in_progress": self.projects_in_progress,
            "published": self.published,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "on_time": self.on_time,
            "fully_signed": self.fully_signed,
            "open_objections": self.open_objections,
            "open_complaints": self.open_complaints,
        }


@dataclass(frozen=True)
class StreetTotals:
    """Sums over the street's compounds; `closing_fen` is the accumulated funds."""

    income_fen: int
    spending_fen: int
    closing_fen: int
    income_ytd_fen: int
    spending_ytd_fen: int
    income_total_fen: int
    spending_total_fen: int
    projects_finished: int
    projects_in_progress: int
    published: int  # how many compounds published the month
    on_time: int
    fully_signed: int
    open_objections: int
    open_complaints: int

    @classmethod
    def of(cls, compounds: tuple[CompoundSummary, ...]) -> StreetTotals:
        return cls(
            income_fen=sum(c.income_fen for c in compounds),
            spending_fen=sum(c.spending_fen for c in compounds),
            closing_fen=sum(c.closing_fen for c in compounds),
            income_ytd_fen=sum(c.income_ytd_fen for c in compounds),
            spending_ytd_fen=sum(c.spending_ytd_fen for c in compounds),
            income_total_fen=sum(c.income_total_fen for c in compounds),
            spending_total_fen=sum(c.spending_total_fen for c in compounds),
            projects_finished=sum(c.projects_finished for c in compounds),
            projects_in_progress=sum(c.projects_in_progress for c in compounds),
            published=sum(c.published for c in compounds),
            on_time=sum(c.on_time for c in compounds),
            fully_signed=sum(c.fully_signed for c in compounds),
            open_objections=sum(c.open_objections for c in compounds),
            open_complaints=sum(c.open_complaints for c in compounds),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "accumulated_funds": format_plain(self.closing_fen),
            "income": format_plain(self.income_fen),
            "spending": format_plain(self.spending_fen),
            "closing": format_plain(self.closing_fen),
            "income_ytd": format_plain(self.income_ytd_fen),
            "spending_ytd": format_plain(self.spending_ytd_fen),
            "income_total": format_plain(self.income_total_fen),
            "spending_total": format_plain(self.spending_total_fen),
            "projects_finished_this_year": self.projects_finished,
            "projects_in_progress": self.projects_in_progress,
            "published": self.published,
            "on_time": self.on_time,
            "fully_signed": self.fully_signed,
            "open_objections": self.open_objections,
            "open_complaints": self.open_complaints,
        }


@dataclass(frozen=True)
class StreetReport:
    street: str
    month: str  # YYYY-MM
    month_label: str
    as_of: dt.date  # the day open objections and complaints were counted
    compounds: tuple[CompoundSummary, ...]
    totals: StreetTotals

    @property
    def accumulated_fen(self) -> int:
        """All compounds' accumulated funds: the sum of their closing balances."""
        return self.totals.closing_fen

    def as_json(self) -> dict[str, Any]:
        return {
            "street": self.street,
            "month": self.month,
            "month_label": self.month_label,
            "as_of": self.as_of.isoformat(),
            "compounds": [c.as_json() for c in self.compounds],
            "totals": self.totals.as_json(),
        }
