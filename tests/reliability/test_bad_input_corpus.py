"""The bad-input corpus: the command line's refusal corpus (`tests/cli/test_cli_refusals.py`,
which runs its cases with the same file check, `file_state`) and the cases of `bad_inputs`,
together at least 200. Each is refused with a non-zero exit and a Chinese message without a
traceback, and the database file is byte for byte what it was (WAL checkpointed), its row
counts too.

A permission refusal is the one thing that writes: one record in the refusal log, by design.
For those the file cannot stay byte-identical, so the `verify` digest and the row counts of
every other table are compared instead, and the refusal log must have grown by exactly one.
Identical bytes imply an identical digest; the digest is also compared around the whole run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli import test_cli_refusals as refusals
from tests.cli.support import CHINESE, Capsys, Run, cli, digest
from tests.reliability import demo_books
from tests.reliability.bad_inputs import NEW_CASES, BadInput, fill_files
from tests.reliability.file_state import FileState, assert_unchanged, file_state
from tests.reliability.support import report

cli_env, demo_source = demo_books.cli_env, demo_books.demo_source  # the fixtures

OLD_CASES = refusals.CORPUS  # run by tests/cli/test_cli_refusals.py, with the same file check


@pytest.fixture(scope="module")
def shared(demo_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy for every case without set-up: a case that wrote anything fails there."""
    target = tmp_path_factory.mktemp("shared") / "books.db"
    shutil.copyfile(demo_source, target)
    return target


def _check_refused(capsys: Capsys, db: Path, before: FileState, copy: Path, run: Run) -> None:
    assert run.code != 0, run.out
    assert CHINESE.search(run.err), run.err
    assert "Traceback" not in run.err + run.out
    if assert_unchanged(before, file_state(db), run.code):
        assert digest(capsys, db) == digest(capsys, copy)


def test_the_corpus_has_at_least_200_cases() -> None:
    names = [c.name for c in NEW_CASES]
    assert len(names) == len(set(names))
    total = len(OLD_CASES) + len(NEW_CASES)
    report("bad_input_corpus", reused=len(OLD_CASES), new=len(NEW_CASES), cases=total)
    assert total >= 200


@pytest.mark.parametrize("case", NEW_CASES, ids=lambda c: c.name)
def test_a_bad_input_is_refused_in_chinese_and_the_file_is_unchanged(
    case: BadInput, shared: Path, tmp_path: Path, capsys: Capsys
) -> None:
    before, copy = file_state(shared), tmp_path / "before.db"
    shutil.copyfile(shared, copy)  # verified only if the case was a permission refusal
    run = cli(capsys, "--db", str(shared), *fill_files(case.argv, tmp_path))
    _check_refused(capsys, shared, before, copy, run)


def test_the_shared_copy_verifies_with_the_digest_it_started_with(
    demo_source: Path, shared: Path, capsys: Capsys
) -> None:
    assert digest(capsys, shared) == digest(capsys, demo_source)
