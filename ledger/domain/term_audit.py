"""The term-end audit package (离任/任期经济责任审计): one person's term in one compound, the
money over the term by income category, the projects they handled and what is still open at
handover. Plain read model: the PDF summary and the `export audit` command render it."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.audit_report import PersonAudit
from ledger.domain.period import Month


@dataclass(frozen=True)
class CategoryTotal:
    """One income category over the term: gross income, cost share deducted, net."""

    key: str
    name: str
    gross_fen: int
    deduction_fen: int

    @property
    def net_fen(self) -> int:
        return self.gross_fen - self.deduction_fen


@dataclass(frozen=True)
class HandledProject:
    """A project the person recorded a step or a vote of, as it stands now."""

    id: int
    title: str
    state: str
    state_label: str
    budget_fen: int | None
    paid_fen: int
    is_open: bool


@dataclass(frozen=True)
class OpenItem:
    """One kind of unfinished business at handover: how many, and the first few."""

    kind: str
    label: str
    count: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermPackage:
    """Everything the one-page summary and the package's files show."""

    audit: PersonAudit
    first: Month
    last: Month
    categories: tuple[CategoryTotal, ...]
    projects: tuple[HandledProject, ...]
    open_items: tuple[OpenItem, ...]

    @property
    def open_count(self) -> int:
        return sum(i.count for i in self.open_items)
