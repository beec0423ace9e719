"""The paged table reads only the pages it shows: over a million-row source it opens reading
one page, a row far down comes from the page that holds it (and only that page is read),
End jumps to the last row, and a page already read is not read again."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from textual.app import App, ComposeResult

from tui.widgets.paged_table import PAGE_ROWS, Column, PagedTable

ROWS = 1_000_000


class CountingSource:
    """Row i is the text "row i"; remembers which offsets were asked for."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.asked: list[tuple[int, int]] = []

    def total(self) -> int:
        return self.rows

    def page(self, offset: int, limit: int) -> Sequence[str]:
        self.asked.append((offset, limit))
        return [f"row {i}" for i in range(offset, min(offset + limit, self.rows))]


class TableApp(App[None]):
    def __init__(self, source: CountingSource) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield PagedTable([Column("行", 0), Column("长度", 6, "right")], lambda s: (s, str(len(s))))

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.set_source(self.source)
        table.focus()


def test_paged_table_reads_only_the_pages_it_needs() -> None:
    source = CountingSource(ROWS)

    async def main() -> None:
        app = TableApp(source)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            table: PagedTable[str] = app.query_one(PagedTable)
            assert table.total == ROWS
            assert source.asked == [(0, PAGE_ROWS)]  # opening drew the first screen only

            far = 654_321
            assert table.item_at(far) == f"row {far}"
            first_of_page = far // PAGE_ROWS * PAGE_ROWS
            assert source.asked[-1] == (first_of_page, PAGE_ROWS)
            assert table.item_at(far + 1) == f"row {far + 1}"
            assert len(source.asked) == 2  # same page: not read again

            await pilot.press("end")
            await pilot.pause()
            assert table.cursor == ROWS - 1 and table.current == f"row {ROWS - 1}"
            await pilot.press("home", "down", "down", "pagedown")
            await pilot.pause()
            assert table.cursor == 2 + table.scrollable_content_region.height - 1  # header row
            assert len(source.asked) <= 4  # first page, the far page, the last page
            assert table.fetches == len(source.asked)

    asyncio.run(main())


def test_paged_table_says_when_there_is_nothing() -> None:
    async def main() -> None:
        app = TableApp(CountingSource(0))
        async with app.run_test(size=(60, 10)) as pilot:
            await pilot.pause()
            table: PagedTable[str] = app.query_one(PagedTable)
            assert table.current is None
            await pilot.press("down", "end", "enter")
            assert table.cursor == 0

    asyncio.run(main())
