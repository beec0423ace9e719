"""The compounds a user may open, grouped by community: what the TUI's compound picker shows.

A role granted over a compound covers that compound; over a community, every compound in it;
over the street, every compound of the street (street office and auditors see them all).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.roles import Role
from ledger.services.context import Actor, Context
from ledger.store import org
from ledger.store.schema import Community, Compound


@dataclass(frozen=True)
class CompoundChoice:
    name: str
    community: str
    households: int
    roles: tuple[str, ...]  # Chinese role labels the user holds over it, e.g. ("出纳/记账",)


@dataclass(frozen=True)
class CommunityGroup:
    community: str
    compounds: tuple[CompoundChoice, ...]


def compounds_for(ctx: Context, actor: Actor) -> list[CommunityGroup]:
    """Every compound the actor holds a role over, by community, in the order they were set up."""
    with ctx.db.read() as session:
        grants = org.grants_of(session, actor.id)
        rows = session.execute(
            select(Compound, Community.name)
            .join(Community, Community.id == Compound.community_id)
            .order_by(Community.id, Compound.id)
        ).all()
        groups: dict[str, list[CompoundChoice]] = {}
        for c, community in rows:
            roles = sorted(
                {
                    Role(g.role)
                    for g in grants
                    if g.compound_id == c.id
                    or g.community_id == c.community_id
                    or g.street_id == c.street_id
                }
            )
            if roles:
                groups.setdefault(community, []).append(
                    CompoundChoice(c.name, community, c.households, tuple(r.label for r in roles))
                )
        return [CommunityGroup(k, tuple(v)) for k, v in groups.items()]
