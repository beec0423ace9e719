"""The slow papers and exports the screens run in a worker thread: the monthly notice, a month's
vouchers, the auditor workbook and the beancount books.

Each job reads through the same services the command line uses, renders with `reports/`, and
writes its file whole or not at all (a temporary file beside the target, renamed when
complete), so a failed or interrupted export never leaves half a file. `progress(done,
total)` is called from the worker thread as the job goes (total None: not known yet); the
job returns what was saved, in words, or raises the service's `LedgerError`.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.period import Month
from ledger.domain.workbook import WorkbookData
from ledger.services import journal
from ledger.services.beancount_export import export_compound
from ledger.services.context import Actor, Context
from ledger.services.statement import monthly_statement
from ledger.services.workbook_data import open_workbook
from reports.notice_pdf import render_notice
from reports.voucher_pdf import render_vouchers
from reports.workbook import write_workbook

Progress = Callable[[int, int | None], None]
T = TypeVar("T")
TICK_S = 0.1  # report progress at most this often: each report crosses to the UI thread


@dataclass(frozen=True)
class Saved:
    path: Path
    summary: str  # Chinese: what the file holds


def notice_pdf(
    ctx: Context, compound: str, month: Month, target: Path, progress: Progress
) -> Saved:
    progress(0, 3)
    st = monthly_statement(ctx, compound, month)
    progress(1, 3)
    data = render_notice(st)
    progress(2, 3)
    with atomic(target) as partial:
        partial.write_bytes(data)
    progress(3, 3)
    return Saved(target, f"{st.compound} {st.month_label} 月度公示（{st.state_label}）")


def vouchers_pdf(
    ctx: Context, compound: str, month: Month, target: Path, progress: Progress
) -> Saved:
    progress(0, 3)
    vouchers = journal.month_vouchers(ctx, compound, month)
    if not vouchers:
        raise NotFound(f"{compound} {month.label}没有已过账的凭证：请换一个月份")
    progress(1, 3)
    data = render_vouchers(vouchers)
    progress(2, 3)
    with atomic(target) as partial:
        partial.write_bytes(data)
    progress(3, 3)
    span = f"{vouchers[0].voucher} 至 {vouchers[-1].voucher}" if len(vouchers) > 1 else ""
    return Saved(target, f"{month.label} {len(vouchers)} 张凭证 {span}".rstrip())


def workbook_xlsx(
    ctx: Context,
    by: Actor,
    compound: str,
    first: Month | None,
    last: Month | None,
    target: Path,
    progress: Progress,
) -> Saved:
    progress(0, None)
    with (
        atomic(target) as partial,
        open_workbook(ctx, compound=compound, first=first, last=last, by=by) as book,
    ):
        total = sum(s.count for s in book.sheets)
        tick = Ticker(progress, total)
        counted = WorkbookData(
            book.cover,
            tuple(dataclasses.replace(s, rows=tick.count(s.rows)) for s in book.sheets),
        )
        written = write_workbook(counted, partial)
        cover = book.cover
    progress(total, total)
    summary = (
        f"{cover.scope} {cover.first.label}至{cover.last.label} 审计工作簿，{len(written)} 个工作表"
    )
    if not cover.verify_ok:
        summary += f"；注意：校验未通过（{len(cover.verify_findings)} 处问题），详见封面"
    return Saved(target, summary)


def beancount_books(ctx: Context, compound: str, target: Path, progress: Progress) -> Saved:
    progress(0, None)
    with atomic(target) as partial, partial.open("w", encoding="utf-8", newline="\n") as out:
        summary = export_compound(ctx, compound, out)
    progress(1, 1)
    return Saved(
        target, f"beancount 账本：{summary.accounts} 个科目、{summary.transactions} 笔凭证"
    )


class Ticker:
    """Counts rows as the renderer drains them and reports now and then."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total, self.done, self.last = progress, total, 0, 0.0

    def count(self, rows: Iterable[T]) -> Iterator[T]:
        for row in rows:
            yield row
            self.done += 1
            now = time.monotonic()
            if now - self.last >= TICK_S:
                self.last = now
                self.progress(self.done, self.total)


@contextmanager
def atomic(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed to it when the block completes."""
    if target.is_dir():
        raise InvalidInput(f"{target} 是一个文件夹：请在后面写上文件名")
    if not target.parent.is_dir():
        raise InvalidInput(f"文件夹 {target.parent} 不存在：请先建立它，或换一个输出路径")
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        os.replace(partial, target)
    except OSError as err:
        raise InvalidInput(
            f"无法写入文件 {target}：{err.strerror or err}，请换一个输出路径"
        ) from err
    finally:
        partial.unlink(missing_ok=True)
