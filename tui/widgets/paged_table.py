"""A table that reads its rows a page at a time: only the pages the screen shows are fetched
(from a `PagedSource`, e.g. a service running LIMIT/OFFSET), and only visible lines are drawn.

Textual's DataTable measures every cell of every row before it draws, which takes ~25 s for
100,000 rows; this one knows the row count up front and asks for ~256 rows when the cursor or
the scroll reaches a page it has not seen, so a history of any length opens at once.

The first line is the column header and stays put while the rows scroll under it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.cells import Align, fit

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
PAGE_ROWS = 256
PAGES_KEPT = 16


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # cells; 0 = takes what the other columns leave (at least `min_width`)
    align: Align = "left"
    min_width: int = 8


class PagedSource(Protocol[T_co]):
    def total(self) -> int: ...

    def page(self, offset: int, limit: int) -> Sequence[T_co]: ...


class ListSource(Generic[T]):
    """Rows already in memory (a short list such as the open drafts)."""

    def __init__(self, rows: Sequence[T]) -> None:
        self.rows = rows

    def total(self) -> int:
        return len(self.rows)

    def page(self, offset: int, limit: int) -> Sequence[T]:
        return self.rows[offset : offset + limit]


class PagedTable(ScrollView, Generic[T], can_focus=True):
    DEFAULT_CSS = """
    PagedTable { height: 1fr; background: $surface; }
    PagedTable > .paged-table--header { text-style: bold; background: $panel; }
    PagedTable > .paged-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    PagedTable:blur > .paged-table--cursor { background: $block-cursor-blurred-background; }
    PagedTable > .paged-table--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--empty",
    }
    BINDINGS = [
        Binding("up", "move(-1)", "上一行", show=False),
        Binding("down", "move(1)", "下一行", show=False),
        Binding("pageup", "page(-1)", "上一页", show=False),
        Binding("pagedown", "page(1)", "下一页", show=False),
        Binding("home", "jump(0)", "最新（顶部）", show=False),
        Binding("end", "jump(-1)", "最早（底部）", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Highlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: PagedTable[object], index: int) -> None:
            super().__init__()
            self.table, self.index = table, index

    class Selected(Message):
        def __init__(self, table: PagedTable[object], index: int, item: object) -> None:
            super().__init__()
            self.table, self.index, self.item = table, index, item

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[T], Sequence[str]],
        *,
        empty_text: str = "没有记录",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._cells = cells
        self._source: PagedSource[T] | None = None
        self._total = 0
        self._pages: OrderedDict[int, Sequence[T]] = OrderedDict()
        self.empty_text = empty_text
        self.fetches = 0  # pages read from the source, for tests and the benchmark

    # -- data ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def set_source(
        self,
        source: PagedSource[T],
        total: int | None = None,
        first_page: Sequence[T] | None = None,
    ) -> None:
        """Show another source (a new filter); `total` and `first_page` when the caller has
        already read them (in a worker, off the screen's thread)."""
        self._source = source
        self._total = source.total() if total is None else total
        self._pages.clear()
        if first_page is not None:
            self._pages[0] = first_page
        self.cursor = 0
        self.scroll_to(0, 0, animate=False)
        self._resize()
        self.refresh()

    def item_at(self, index: int) -> T | None:
        """The row at `index` (0 = newest), reading its page if it is not cached."""
        if self._source is None or not 0 <= index < self._total:
            return None
        number = index // PAGE_ROWS
        page = self._pages.get(number)
        if page is None:
            page = self._source.page(number * PAGE_ROWS, PAGE_ROWS)
            self.fetches += 1
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index - number * PAGE_ROWS
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> T | None:
        return self.item_at(self.cursor)

    # -- layout and drawing ---------------------------------------------------------------

    def _resize(self) -> None:
        self.virtual_size = Size(self._min_width(), self._total + 1)

    def on_resize(self, _event: events.Resize) -> None:
        self._resize()

    def _min_width(self) -> int:
        return sum(c.width or c.min_width for c in self.columns) + len(self.columns) - 1

    def _widths(self) -> list[int]:
        room = max(self.scrollable_content_region.width, self._min_width())
        fixed = sum(c.width for c in self.columns) + len(self.columns) - 1
        flex = [c for c in self.columns if not c.width]
        share = max(0, room - fixed) // max(1, len(flex))
        return [c.width or max(c.min_width, share) for c in self.columns]

    def _line(self, texts: Sequence[str], widths: Sequence[int], style: Style) -> Strip:
        parts = [fit(t, w, c.align) for t, w, c in zip(texts, widths, self.columns, strict=True)]
        text = " ".join(parts)
        room = self.scrollable_content_region.width
        strip = Strip([Segment(text, style)])
        return strip.crop_extend(self.scroll_offset.x, self.scroll_offset.x + room, style)

    def render_line(self, y: int) -> Strip:
        widths = self._widths()
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paged-table--header")
            return self._line([c.title for c in self.columns], widths, style)
        index = self.scroll_offset.y + y - 1
        if self._total == 0 and y == 1:
            style = base + self.get_component_rich_style("paged-table--empty")
            room = self.scrollable_content_region.width
            return Strip([Segment(fit(self.empty_text, room), style)])
        item = self.item_at(index)
        if item is None:
            return Strip.blank(self.scrollable_content_region.width, base)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("paged-table--cursor")
        return self._line(self._cells(item), widths, style)

    # -- moving ---------------------------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        rows = self._visible_rows()
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + rows:
            self.scroll_to(y=new - rows + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self, new))  # type: ignore[arg-type]

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self._total - 1)) if self._total else 0

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, step: int) -> None:
        self.cursor += step * self._visible_rows()

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else self._total - 1

    def action_select(self) -> None:
        """Open the row under the cursor (screens bind Enter to this with their own words)."""
        item = self.current
        if item is not None:
            self.post_message(self.Selected(self, self.cursor, item))  # type: ignore[arg-type]

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            index = int(self.scroll_offset.y) + event.y - 1
            if 0 <= index < self._total:
                if index == self.cursor and event.chain >= 2:
                    self.action_select()
                self.cursor = index
