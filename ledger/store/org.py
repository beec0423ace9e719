"""Queries over the organisation (street → community → compound), users and role grants."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.roles import Role
from ledger.store.schema import Community, Compound, RoleGrant, Street, User


def compound_by_name(session: Session, name: str) -> Compound:
    rows = session.execute(select(Compound).where(Compound.name == name.strip())).scalars().all()
    if not rows:
        known = session.execute(select(Compound.name).order_by(Compound.id)).scalars().all()
        hint = "、".join(known[:30]) if known else "（数据库里还没有小区）"
        raise NotFound(f"没有名为「{name}」的小区。现有小区：{hint}", compound=name)
    if len(rows) > 1:
        raise InvalidInput(f"有 {len(rows)} 个小区都叫「{name}」，请联系街道管理员改名区分")
    return rows[0]


def all_compounds(session: Session) -> list[Compound]:
    return list(session.execute(select(Compound).order_by(Compound.id)).scalars())


def street_by_name(session: Session, name: str) -> Street:
    row = session.execute(select(Street).where(Street.name == name)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"没有名为「{name}」的街道")
    return row


def community_by_name(session: Session, street_id: int, name: str) -> Community:
    row = session.execute(
        select(Community).where(Community.street_id == street_id, Community.name == name)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"没有名为「{name}」的社区")
    return row


def user_by_name(session: Session, name: str) -> User | None:
    return session.execute(select(User).where(User.name == name)).scalar_one_or_none()


def has_role_in_compound(
    session: Session, user_id: int, roles: frozenset[Role], c: Compound
) -> bool:
    """Whether the user holds one of `roles` over the compound, its community or its street."""
    row = session.execute(
        select(RoleGrant.id)
        .where(
            RoleGrant.user_id == user_id,
            RoleGrant.role.in_([r.value for r in roles]),
            or_(
                RoleGrant.compound_id == c.id,
                RoleGrant.community_id == c.community_id,
                RoleGrant.street_id == c.street_id,
            ),
        )
        .limit(1)
    ).first()
    return row is not None


def has_street_role(session: Session, user_id: int, roles: frozenset[Role]) -> bool:
    row = session.execute(
        select(RoleGrant.id)
        .where(
            RoleGrant.user_id == user_id,
            RoleGrant.role.in_([r.value for r in roles]),
            RoleGrant.street_id.is_not(None),
        )
        .limit(1)
    ).first()
    return row is not None


def grants_of(session: Session, user_id: int) -> list[RoleGrant]:
    return list(
        session.execute(
            select(RoleGrant).where(RoleGrant.user_id == user_id).order_by(RoleGrant.id)
        ).scalars()
    )


def scope_name(session: Session, grant: RoleGrant) -> tuple[str, str]:
    """(scope kind, scope name) of a grant, e.g. ('compound', '迎宾花苑')."""
    if grant.compound_id is not None:
        return "compound", session.get_one(Compound, grant.compound_id).name
    if grant.community_id is not None:
        return "community", session.get_one(Community, grant.community_id).name
    assert grant.street_id is not None
    return "street", session.get_one(Street, grant.street_id).name
