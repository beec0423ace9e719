"""What the month close, seal, complaint, export and user screens share: a status line that
says what happened and what to do next (a refusal shows the rule that refused it), service
calls that never leave a traceback on screen, questions asked in a modal, and slow jobs run
in a worker thread behind a progress bar while the screen stays responsive.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar
from textual.worker import Worker, WorkerState

from ledger.domain.errors import LedgerError
from tui.export_jobs import TICK_S, Progress, Saved
from tui.session import Session
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.fields_dialog import Field, FieldsDialog
from tui.widgets.message_bar import MessageBar

JOB_GROUP = "job"


class JobProgress(Message):
    """Posted from a job's thread: how far it has got."""

    def __init__(self, done: int, total: int | None) -> None:
        super().__init__()
        self.done, self.total = done, total


class WorkScreen(Screen[object]):
    DEFAULT_CSS = """
    WorkScreen #status { max-height: 4; }
    WorkScreen #progress { height: 1; padding: 0 1; display: none; }
    WorkScreen #progress.running { display: block; }
    WorkScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.sub_title = f"{session.compound} · {session.actor.display_name}"

    def status_widgets(self) -> tuple[ProgressBar, MessageBar]:
        return ProgressBar(id="progress", show_eta=False), MessageBar(id="status")

    # -- telling the user ------------------------------------------------------------------

    @property
    def status(self) -> MessageBar:
        return self.query_one("#status", MessageBar)

    def say(self, text: str, *, ok: bool = False) -> None:
        if ok:
            self.status.done(text)
        else:
            self.status.say(text)

    def refuse(self, err: LedgerError) -> None:
        self.status.error(err)

    def attempt(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Call a service; a refusal goes to the status line. True when it went through."""
        try:
            call(*args, **kwargs)
        except LedgerError as err:
            self.refuse(err)
            return False
        return True

    # -- asking ------------------------------------------------------------------------------

    def confirm(self, question: str, then: Callable[[], object]) -> None:
        """Ask before an irreversible action; `then` runs only on an explicit 确认."""

        def answered(yes: bool | None) -> None:
            if yes:
                then()
            else:
                self.say("已取消，什么也没有改动")

        self.app.push_screen(ConfirmDialog(question), answered)

    def ask(
        self, intro: str, fields: list[Field], then: Callable[[dict[str, str]], object]
    ) -> None:
        def answered(values: dict[str, str] | None) -> None:
            if values is None:
                self.say("已取消，什么也没有改动")
            else:
                then(values)

        self.app.push_screen(FieldsDialog(intro, fields), answered)

    # -- slow jobs -------------------------------------------------------------------------

    def job_running(self) -> bool:
        return any(
            w.node is self
            and w.group == JOB_GROUP
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )

    def run_job(self, label: str, job: Callable[[Progress], Saved]) -> Worker[Saved] | None:
        """Run `job` in a thread behind the progress bar; the result lands in the status line."""
        if self.job_running():
            self.say("上一项导出还在进行，请等它完成后再开始下一项")
            return None
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.say(f"正在{label}……可以继续其他操作，完成后这里会显示保存位置")
        report = _throttled(self.post_message)
        return self.run_worker(
            partial(job, report), name=label, group=JOB_GROUP, thread=True, exit_on_error=False
        )

    def on_job_progress(self, message: JobProgress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != JOB_GROUP or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.remove_class("running")
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Saved):
            self.job_saved(worker.result)
            return
        err = worker.error
        if isinstance(err, LedgerError):
            self.refuse(err)
        else:
            self.refuse(LedgerError(f"{worker.name}没有完成（{err}）：请检查输出路径后重试"))

    def job_saved(self, saved: Saved) -> None:
        self.say(f"已保存到 {saved.path.resolve()}：{saved.summary}", ok=True)


def _throttled(post: Callable[[Message], object]) -> Progress:
    """Report progress at most every TICK_S (and always the first and the last report)."""
    last = [0.0]

    def report(done: int, total: int | None) -> None:
        now = time.monotonic()
        if done == 0 or done == total or now - last[0] >= TICK_S:
            last[0] = now
            post(JobProgress(done, total))

    return report
