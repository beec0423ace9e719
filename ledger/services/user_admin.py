"""User administration as the street office sees it: the users with their roles per scope, and
the scopes a role can be granted over. Only a street-level holder of 管理用户和角色 may look;
anyone else is refused with the rule that refuses them, before anything is read.

Creating users and granting roles are `organisation.create_user` and `organisation.grant_role`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.roles import Action
from ledger.services.access import require_street
from ledger.services.context import Actor, Context
from ledger.services.organisation import UserView, list_users
from ledger.store.schema import Community, Compound, Street

__all__ = ["Scopes", "UserView", "grant_scopes", "managed_users"]

SCOPE_LABELS = {"compound": "小区", "community": "社区", "street": "街道"}


@dataclass(frozen=True)
class Scopes:
    """The names a role may be granted over, each list in the order they were set up."""

    streets: tuple[str, ...]
    communities: tuple[str, ...]
    compounds: tuple[str, ...]


def managed_users(ctx: Context, actor: Actor) -> list[UserView]:
    """Every user and their roles; refused unless `actor` manages users for the street."""
    _require_admin(ctx, actor)
    return list_users(ctx)


def grant_scopes(ctx: Context, actor: Actor) -> Scopes:
    _require_admin(ctx, actor)
    with ctx.db.read() as session:

        def names(model: type[Street] | type[Community] | type[Compound]) -> tuple[str, ...]:
            return tuple(session.execute(select(model.name).order_by(model.id)).scalars())

        return Scopes(names(Street), names(Community), names(Compound))


def _require_admin(ctx: Context, actor: Actor) -> None:
    with ctx.db.read() as session:
        require_street(session, actor, Action.MANAGE_USERS)
