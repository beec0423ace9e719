"""用户: the users and the roles they hold, per scope — for the street office only.

Anyone else sees the rule that refuses them (管理用户和角色 needs a street-level role) and no
list. The street administrator adds a user (A) and grants a role over a compound, a community
or the street (G); both are `organisation` services, refused there with their own words.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from ledger.domain.errors import InvalidInput, LedgerError
from ledger.domain.roles import Role
from ledger.services import organisation
from ledger.services.user_admin import SCOPE_LABELS, UserView, grant_scopes, managed_users
from tui.menu import register
from tui.screens.work_screen import WorkScreen
from tui.session import Session
from tui.widgets.fields_dialog import Field

ROLE_CHOICES = tuple((f"{r.label}（{r.value}）", r.value) for r in Role)
SCOPE_CHOICES = tuple((label, kind) for kind, label in SCOPE_LABELS.items())


@register("u", "用户和角色")
class UsersScreen(WorkScreen):
    BINDINGS = [
        Binding("a", "add_user", "新建用户"),
        Binding("g", "grant", "授予角色"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.title = "用户和角色"
        self.users: list[UserView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
        yield from self.status_widgets()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#users", DataTable).add_columns("用户名", "姓名", "状态", "角色（范围）")
        if self.reload():
            self.say("↑↓ 选一位用户；A 新建用户，G 授予角色")

    def reload(self, keep: str | None = None) -> bool:
        table = self.query_one("#users", DataTable)
        try:
            self.users = managed_users(self.session.ctx, self.session.actor)
        except LedgerError as err:
            table.display = False
            self.refuse(err)
            return False
        table.display = True
        table.clear()
        for u in self.users:
            roles = "；".join(f"{r.role_label}@{r.scope}" for r in u.roles) or "（无角色）"
            table.add_row(
                u.name,
                Text(u.display_name),
                "启用" if u.active else "停用",
                Text(roles),
                key=u.name,
            )
        names = [u.name for u in self.users]
        if keep in names:
            table.move_cursor(row=names.index(keep))
        return True

    @property
    def user(self) -> UserView | None:
        if not self.users:
            return None
        row = self.query_one("#users", DataTable).cursor_row
        return self.users[min(max(row, 0), len(self.users) - 1)]

    def action_add_user(self) -> None:
        self.ask(
            "新建用户：用户名登录用（不含空格），初始密码请当面交给本人",
            [
                Field("name", "用户名", placeholder="如 ybhy_cn2"),
                Field("display_name", "姓名"),
                Field("password", "初始密码", password=True),
                Field("again", "再输一次", password=True),
            ],
            self._add_user,
        )

    def _add_user(self, v: dict[str, str]) -> None:
        if v["password"] != v["again"]:
            self.refuse(InvalidInput("两次输入的密码不一致：请按 A 重新填写"))
            return
        ok = self.attempt(
            organisation.create_user,
            self.session.ctx,
            self.session.actor,
            name=v["name"].strip(),
            display_name=v["display_name"],
            password=v["password"],
        )
        if ok:
            self.reload(keep=v["name"].strip())
            self.say(f"已新建用户 {v['name'].strip()}：按 G 授予角色", ok=True)

    def action_grant(self) -> None:
        try:
            scopes = grant_scopes(self.session.ctx, self.session.actor)
        except LedgerError as err:
            self.refuse(err)
            return
        user = self.user
        self.ask(
            "授予角色：范围是一个小区、社区或街道，角色覆盖范围内的每个小区。"
            f"小区：{'、'.join(scopes.compounds)}；社区：{'、'.join(scopes.communities)}；"
            f"街道：{'、'.join(scopes.streets)}",
            [
                Field("user", "用户名", user.name if user else ""),
                Field("role", "角色", choices=ROLE_CHOICES),
                Field("kind", "范围", "compound", choices=SCOPE_CHOICES),
                Field("scope", "范围名称", self.session.compound),
            ],
            self._grant,
        )

    def _grant(self, v: dict[str, str]) -> None:
        kind, scope = v["kind"] or "compound", v["scope"].strip()
        try:
            role = Role.parse(v["role"])
            organisation.grant_role(
                self.session.ctx,
                self.session.actor,
                user=v["user"].strip(),
                role=role,
                **{kind: scope},
            )
        except LedgerError as err:
            self.refuse(err)
            return
        self.reload(keep=v["user"].strip())
        self.say(f"已授予 {v['user'].strip()} {role.label}@{scope}", ok=True)
