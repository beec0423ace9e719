"""Who may do what: authentication and the permission check every service makes first."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ledger.domain.errors import AuthenticationFailed, PermissionDenied
from ledger.domain.roles import Action, roles_for
from ledger.services.context import Actor, Context
from ledger.services.passwords import check_password
from ledger.store import org
from ledger.store.schema import Compound


def authenticate(ctx: Context, name: str, password: str) -> Actor:
    with ctx.db.read() as session:
        user = org.user_by_name(session, name)
        if user is None or not user.active or not check_password(password, user.password_hash):
            raise AuthenticationFailed(f"用户名或密码不对（用户「{name}」）：请检查后重试")
        return Actor(user.id, user.name, user.display_name)


def require(session: Session, actor: Actor, action: Action, compound: Compound) -> None:
    """Refuse unless the actor holds a role allowed `action` over the compound."""
    roles = roles_for(action)
    if not org.has_role_in_compound(session, actor.id, roles, compound):
        allowed = "、".join(r.label for r in sorted(roles))
        raise PermissionDenied(
            f"「{actor.display_name}」在{compound.name}没有「{action.label}」的权限"
            f"（需要角色：{allowed}）",
            action=action.value,
            user=actor.name,
            compound_id=compound.id,
        )


def require_street(session: Session, actor: Actor, action: Action) -> None:
    roles = roles_for(action)
    if not org.has_street_role(session, actor.id, roles):
        allowed = "、".join(r.label for r in sorted(roles))
        raise PermissionDenied(
            f"「{actor.display_name}」没有「{action.label}」的权限（需要街道一级的角色：{allowed}）",
            action=action.value,
            user=actor.name,
        )
