"""Setting up the organisation: street, communities, compounds (with their chart of accounts),
users and their roles. Each is one unit of work with its audit record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.entry import check_text
from ledger.domain.errors import AlreadyExists, InvalidInput
from ledger.domain.roles import Action, Role
from ledger.services.access import require_street
from ledger.services.context import Actor, Context
from ledger.services.draft_checks import add_account
from ledger.services.passwords import hash_password
from ledger.store import audit, org
from ledger.store.schema import Community, Compound, RoleGrant, Street, User

MIN_PASSWORD_CHARS = 4


def bootstrap_street(
    ctx: Context, *, street: str, admin: str, admin_display: str, password: str
) -> Actor:
    """Create a street and its first administrator (street role) in an empty database."""
    with ctx.db.write() as session:
        if session.execute(select(func.count()).select_from(User)).scalar_one():
            raise AlreadyExists("数据库里已经有用户：请由街道管理员登录后再设立街道")
        now = ctx.clock()
        s = Street(name=check_text(street, field="街道名称", limit=100), created_at=now)
        session.add(s)
        user = _new_user(session, now, admin, admin_display, password)
        session.add(
            RoleGrant(user_id=user.id, role=Role.STREET.value, street_id=s.id, granted_at=now)
        )
        _audit(
            session,
            now,
            user.id,
            "bootstrap_street",
            f"street:{s.id}",
            {"street": s.name, "admin": admin},
        )
        return Actor(user.id, user.name, user.display_name)


def create_community(ctx: Context, actor: Actor, *, street: str, name: str) -> int:
    with ctx.db.write() as session:
        require_street(session, actor, Action.MANAGE_ORG)
        s = org.street_by_name(session, street)
        now = ctx.clock()
        row = Community(
            street_id=s.id, name=check_text(name, field="社区名称", limit=100), created_at=now
        )
        session.add(row)
        session.flush()
        _audit(
            session, now, actor.id, "create_community", f"community:{row.id}", {"name": row.name}
        )
        return row.id


def create_compound(
    ctx: Context,
    actor: Actor,
    *,
    street: str,
    community: str,
    name: str,
    opened_on: dt.date,
    households: int = 0,
    bank_name: str = "",
    bank_account_no: str = "",
) -> int:
    """Create a compound with its own books: the chart of accounts comes from its rules."""
    with ctx.db.write() as session:
        require_street(session, actor, Action.MANAGE_ORG)
        s = org.street_by_name(session, street)
        cm = org.community_by_name(session, s.id, community)
        name = check_text(name, field="小区名称", limit=100)
        if session.execute(select(Compound.id).where(Compound.name == name)).first():
            raise AlreadyExists(f"已经有名为「{name}」的小区")
        if households < 0:
            raise InvalidInput(f"户数不能为负：{households}")
        now = ctx.clock()
        c = Compound(
            street_id=s.id,
            community_id=cm.id,
            name=name,
            households=households,
            bank_name=check_text(bank_name, field="开户行", required=False, limit=100),
            bank_account_no=check_text(bank_account_no, field="账号", required=False, limit=64),
            opened_on=opened_on,
            created_at=now,
        )
        session.add(c)
        session.flush()
        rules = ctx.rules.for_compound(name)
        for account in rules.accounts:
            add_account(session, c.id, rules, account.code)
        details = {"name": name, "community": community, "opened_on": opened_on}
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="create_compound",
            target=f"compound:{c.id}",
            details=details,
        )
        return c.id


def create_user(ctx: Context, actor: Actor, *, name: str, display_name: str, password: str) -> int:
    with ctx.db.write() as session:
        require_street(session, actor, Action.MANAGE_USERS)
        now = ctx.clock()
        user = _new_user(session, now, name, display_name, password)
        _audit(session, now, actor.id, "create_user", f"user:{user.id}", {"name": user.name})
        return user.id


def grant_role(
    ctx: Context,
    actor: Actor,
    *,
    user: str,
    role: Role,
    compound: str | None = None,
    community: str | None = None,
    street: str | None = None,
) -> None:
    """Give `user` the `role` over exactly one scope."""
    if sum(x is not None for x in (compound, community, street)) != 1:
        raise InvalidInput("授权范围只能是一个：小区、社区或街道")
    with ctx.db.write() as session:
        require_street(session, actor, Action.MANAGE_USERS)
        target = org.user_by_name(session, user)
        if target is None:
            raise InvalidInput(f"没有用户「{user}」")
        grant = RoleGrant(user_id=target.id, role=role.value, granted_at=ctx.clock())
        if compound is not None:
            grant.compound_id = org.compound_by_name(session, compound).id
        elif community is not None:
            rows = (
                session.execute(select(Community).where(Community.name == community))
                .scalars()
                .all()
            )
            if not rows:
                raise InvalidInput(f"没有社区「{community}」")
            if len(rows) > 1:
                raise InvalidInput(f"有 {len(rows)} 个社区都叫「{community}」：请先改名区分")
            grant.community_id = rows[0].id
        else:
            grant.street_id = org.street_by_name(session, street or "").id
        session.add(grant)
        session.flush()
        scope = compound or community or street
        _audit(
            session,
            grant.granted_at,
            actor.id,
            "grant_role",
            f"user:{target.id}",
            {"role": role.value, "scope": scope},
        )


@dataclass(frozen=True)
class RoleView:
    role: str
    role_label: str
    scope_kind: str
    scope: str


@dataclass(frozen=True)
class UserView:
    name: str
    display_name: str
    active: bool
    roles: tuple[RoleView, ...]


def list_users(ctx: Context) -> list[UserView]:
    with ctx.db.read() as session:
        out = []
        for user in session.execute(select(User).order_by(User.id)).scalars():
            views = []
            for g in org.grants_of(session, user.id):
                kind, scope = org.scope_name(session, g)
                views.append(RoleView(g.role, Role(g.role).label, kind, scope))
            out.append(UserView(user.name, user.display_name, user.active, tuple(views)))
        return out


def _new_user(session: Session, now: dt.datetime, name: str, display: str, password: str) -> User:
    name = check_text(name, field="用户名", limit=64)
    if any(ch.isspace() for ch in name):
        raise InvalidInput(f"用户名「{name}」不能含空格")
    if org.user_by_name(session, name) is not None:
        raise AlreadyExists(f"用户名「{name}」已被使用")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD_CHARS} 位")
    user = User(
        name=name,
        display_name=check_text(display, field="姓名", limit=100),
        password_hash=hash_password(password),
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def _audit(
    session: Session,
    now: dt.datetime,
    actor_id: int,
    action: str,
    target: str,
    details: dict[str, object],
) -> None:
    audit.append(
        session,
        scope=audit.ORG_SCOPE,
        at=now,
        actor_id=actor_id,
        action=action,
        target=target,
        details=details,
    )
