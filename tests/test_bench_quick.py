"""`bench/run --quick` runs end to end and prints the table (speed figures are not asserted:
they live in BENCHMARKS.md); a peer that is not installed is reported, not a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import runner
from bench.peers import NOT_INSTALLED

FIGURES = (
    "bulk posting",
    "monthly statement",
    "verify of the whole street",
    "auditor workbook",
    "monthly notice PDF",
    "terminal UI",
    "city on PostgreSQL",
    "growth",
)


def test_quick_run_prints_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEDGER_BENCH_PG_URL", raising=False)
    monkeypatch.setattr(runner, "bench_tui", lambda table, quick: None)  # another bench's job
    table = runner.run(["--quick", "--workdir", str(tmp_path), "--no-apt"])
    out = capsys.readouterr().out
    assert "| figure | ours | peers | ratio | target | holds |" in out
    for figure in FIGURES:
        if figure != "terminal UI":
            assert any(figure in r.figure for r in table.rows), figure
            assert figure in out
    verify_row = next(r for r in table.rows if "verify" in r.figure)
    assert "ok" in verify_row.ours and "FINDINGS" not in verify_row.ours
    statement = next(r for r in table.rows if "statement (" in r.figure)
    for peer in ("bean-query", "hledger", "ledger"):
        assert f"{peer}: " in statement.peers
    assert "ms" in statement.ours
    assert (tmp_path / "street.beancount").stat().st_size > 0
    assert (tmp_path / "street.journal").read_text(encoding="utf-8").count(" * (记-") > 0
    assert NOT_INSTALLED == "未安装/not installed"
