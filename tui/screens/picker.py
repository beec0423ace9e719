"""Choosing the compound to work on: only those where the user holds a role, grouped by
community (street office and auditors see every compound of the street)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ledger.services.compound_list import CommunityGroup
from ledger.services.context import Actor

if TYPE_CHECKING:
    from tui.app import LedgerApp


class PickerScreen(Screen[None]):
    DEFAULT_CSS = """
    PickerScreen { padding: 1 2; }
    PickerScreen #picker-title { text-style: bold; margin-bottom: 1; }
    PickerScreen OptionList { height: 1fr; border: round $primary; }
    PickerScreen #picker-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, actor: Actor, groups: list[CommunityGroup]) -> None:
        super().__init__()
        self.actor = actor
        self.groups = groups

    def compose(self) -> ComposeResult:
        yield Static(f"{self.actor.display_name}，请选择要打开的小区", id="picker-title")
        options: list[Option] = []
        for g in self.groups:
            options.append(Option(f"【{g.community}】", disabled=True))
            for c in g.compounds:
                roles = "、".join(c.roles)
                text = f"    {c.name}（{c.households} 户）  您的角色：{roles}"
                options.append(Option(text, id=c.name))
        yield OptionList(*options, id="compounds")
        hint = "↑↓ 选择，回车打开" if options else "您在任何小区都没有角色：请联系街道管理员授权"
        yield Static(hint, id="picker-hint")
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        for i, option in enumerate(listing.options):
            if not option.disabled:
                listing.highlighted = i
                break

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            app: LedgerApp = self.app  # type: ignore[assignment]
            app.open_compound(event.option.id)
