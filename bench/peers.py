"""The peers: beancount (load), bean-query, hledger and ledger-cli on the same books.

Each peer reads the files our exports wrote from the benchmark's store: the beancount file
(`export_street`) and the hledger/ledger journal (`export_street_journal`); in both, one
compound's accounts are `<Root>:C<id>:…`. The statement's figures are asked of each peer as
ONE invocation: the per-account sums of one compound for one month (the least a peer must
do; our statement also gives year-to-date, opening and totals in the same call, so the ratio
is a lower bound). The exact command lines are in BENCHMARKS.md and `statement_commands`.

`ensure_installed` installs hledger and ledger with apt-get when they are missing and this
process is root; otherwise it prints a note and the peer is reported as not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ledger.domain.period import Month

NOT_INSTALLED = "未安装/not installed"
APT_PACKAGES = ("hledger", "ledger")


@dataclass(frozen=True)
class PeerRun:
    seconds: float | None  # None: not installed or failed
    note: str = ""
    output: str = ""


def ensure_installed(*, allow_apt: bool = True) -> None:
    missing = [p for p in APT_PACKAGES if shutil.which(p) is None]
    if not missing:
        return
    if not allow_apt or os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"note: {', '.join(missing)} not installed (apt-get needs root); reported as such")
        return
    print(f"installing {', '.join(missing)} with apt-get …", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(["apt-get", "install", "-y", *missing], env=env, **quiet).returncode
    if done != 0:
        subprocess.run(["apt-get", "update"], env=env, **quiet)
        subprocess.run(["apt-get", "install", "-y", *missing], env=env, **quiet)


def bean_query_path() -> str | None:
    here = Path(sys.executable).with_name("bean-query")
    return str(here) if here.exists() else shutil.which("bean-query")


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> PeerRun:
    started = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as err:
        return PeerRun(None, f"failed: {err}")
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return PeerRun(None, f"exit {done.returncode}: {done.stderr.strip()[:200]}")
    return PeerRun(seconds, output=done.stdout)


def _no_cache_env() -> dict[str, str]:
    return {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}


def beancount_load(path: Path) -> PeerRun:
    """Seconds for beancount to load (parse, book, validate) the file, in a fresh process."""
    code = (
        "import sys, time\n"
        "from beancount import loader\n"
        "t = time.perf_counter()\n"
        "entries, errors, _ = loader.load_file(sys.argv[1])\n"
        "print(time.perf_counter() - t, len(entries), len(errors))\n"
    )
    run = _timed([sys.executable, "-c", code, str(path)], env=_no_cache_env())
    if run.seconds is None:
        return run
    seconds, _, errors = run.output.split()
    note = f"{errors} beancount errors" if errors != "0" else ""
    return PeerRun(float(seconds), note, run.output)


def account_regex(compound_id: int) -> str:
    return f"^[A-Za-z]+:C{compound_id}:"


def statement_commands(
    beancount_file: Path, journal: Path, compound_id: int, month: Month
) -> dict[str, list[str] | None]:
    """Each peer's one command for one compound's per-account sums of `month`."""
    regex = account_regex(compound_id)
    start, end = month.first_day, month.next().first_day
    bq = bean_query_path()
    query = (
        f"SELECT account, sum(position) WHERE account ~ '{regex}' "
        f"AND date >= {start} AND date < {end} GROUP BY account ORDER BY account"
    )
    return {
        "bean-query": [bq, str(beancount_file), query] if bq else None,
        "hledger": (
            [
                "hledger",
                "-f",
                str(journal),
                "balance",
                f"acct:{regex}",
                "-b",
                str(start),
                "-e",
                str(end),
            ]
            if shutil.which("hledger")
            else None
        ),
        "ledger": (
            [
                "ledger",
                "-f",
                str(journal),
                "balance",
                "--flat",
                "-b",
                start.strftime("%Y/%m/%d"),
                "-e",
                end.strftime("%Y/%m/%d"),
                regex,
            ]
            if shutil.which("ledger")
            else None
        ),
    }


def run_statement(cmd: list[str] | None) -> PeerRun:
    if cmd is None:
        return PeerRun(None, NOT_INSTALLED)
    return _timed(cmd, env=_no_cache_env())
