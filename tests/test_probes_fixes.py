"""Fixes on a hostile project: a rename stops at files too large to parse, `--add-noqa` suppresses what it says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from projects import SHOP, run, write

from eventlint.files.safeio import MAX_FILE_BYTES
from eventlint.pipeline.workers import IN_PROCESS_BYTES

HANG_GUARD = 120  # seconds; the runs take a few


def eventlint(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`python -m eventlint ARGV` in `root`, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "eventlint", *argv],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )


def tree(root: Path) -> dict[str, tuple[int, float]]:
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime)
        for path in sorted(root.rglob("*.py"))
    }


def large_file(path: Path, head: bytes, size: int) -> None:
    """`head`, then blank lines up to `size` bytes (sparse where the file system allows)."""
    with open(path, "wb") as out:
        out.write(head)
        out.seek(size - 1)
        out.write(b"\n")
    # A sparse hole reads as NUL bytes; make it blank lines instead, cheaply for the smaller sizes.
    if size <= 4 * 1024 * 1024:
        path.write_bytes(head + b"\n" * (size - len(head)))


LARGE_SIZES = [
    pytest.param(MAX_FILE_BYTES + 1024 * 1024, id="past-the-read-cap"),
    pytest.param(1024 * 1024, id="past-the-in-process-size"),
    pytest.param(IN_PROCESS_BYTES + 1, id="just-past-the-in-process-size"),
]


@pytest.mark.parametrize("size", LARGE_SIZES)
@pytest.mark.parametrize(
    "head",
    [
        pytest.param(b"from shop.ordering.events import CreateOrder\n" + b"#" * 100 + b"\n", id="spells-the-name"),
        pytest.param(b"from shop.ordering.events import *\n", id="star-import"),
    ],
)
def test_rename_stops_at_a_large_file_that_may_refer_to_the_class(tmp_path: Path, size: int, head: bytes) -> None:
    write(tmp_path, SHOP)
    large_file(tmp_path / "src/shop/basket/big.py", head, size)
    before = tree(tmp_path)
    done = eventlint(tmp_path, "check", "--no-cache", "--fix", "--unsafe-fixes", "--format", "json")
    assert done.returncode == 1, done.stderr
    assert (
        f"src/shop/basket/big.py: it is too large to rewrite safely ({size} bytes), so the rename cannot reach it"
        in done.stderr
    )
    assert ("EVL101", "src/shop/ordering/events.py") in {(d["code"], d["path"]) for d in json.loads(done.stdout)}
    assert tree(tmp_path) == before


def test_rename_goes_past_a_large_file_that_does_not_mention_the_class(tmp_path: Path) -> None:
    write(tmp_path, SHOP)
    large_file(tmp_path / "src/shop/basket/big.py", b"from shop.ordering.events import OrderStartedDomainEvent\n", IN_PROCESS_BYTES + 1)
    done = eventlint(tmp_path, "check", "--no-cache", "--fix", "--unsafe-fixes", "--format", "json")
    assert "too large" not in done.stderr
    assert "class CreateOrder(" not in (tmp_path / "src/shop/ordering/events.py").read_text()
    assert "EVL101" not in {d["code"] for d in json.loads(done.stdout)}


SUPPRESSED_BY_ADD_NOQA = {
    "invalid-code": "class DomainEvent: ...\nclass Aa(DomainEvent): ...  # noqa: EVL2O1\n",
    "no-codes": "class DomainEvent: ...\nclass Aa(DomainEvent): ...  # noqa:\n",
    "no-codes-bare-space": "class DomainEvent: ...\nclass Aa(DomainEvent): ...  # NOQA :  \n",
    "mixed-separators": "class DomainEvent: ...\nclass Aa(DomainEvent): ...  # noqa:EVL101,,EVL104;EVL105\n",
    "invalid-with-explanation": "class DomainEvent: ...\nclass Aa(DomainEvent): ...  # noqa: EVL2O1 legacy name  # keep\n",
    "header-ends-in-string": 'class DomainEvent: ...\nclass Bb(DomainEvent): """\n"""\n',
    "header-ends-in-string-decorated": 'import dataclasses\nclass DomainEvent: ...\n@dataclasses.dataclass\nclass Bb(DomainEvent): """\n\n"""\n',
    "header-continued": "class DomainEvent: ...\nclass Bb(DomainEvent): \\\n    pass\n",
    "probe": (
        'class DomainEvent: ...\nclass Aa(DomainEvent): ...  # noqa: EVL2O1\nclass Bb(DomainEvent): """\n"""\n'
    ),
}


@pytest.mark.parametrize("source", SUPPRESSED_BY_ADD_NOQA.values(), ids=SUPPRESSED_BY_ADD_NOQA.keys())
def test_add_noqa_leaves_check_clean_and_a_second_run_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    monkeypatch.chdir(tmp_path)
    module = tmp_path / "m.py"
    module.write_text(source)
    code, _, _ = run(capsys, "check", "--no-cache")
    assert code == 1
    code, _, err = run(capsys, "check", "--no-cache", "--add-noqa")
    assert code == 0, err
    assert "not suppressed" not in err
    assert module.read_text() != source
    assert run(capsys, "check", "--no-cache")[0] == 0
    written = module.read_text()
    code, _, err = run(capsys, "check", "--no-cache", "--add-noqa")
    assert code == 0, err
    assert module.read_text() == written


def test_add_noqa_keeps_the_valid_codes_of_an_invalid_directive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    module = tmp_path / "m.py"
    module.write_text("class DomainEvent: ...\nclass Aa(DomainEvent): ...  # noqa:E501,,EVL2O1;EVL104 legacy\n")
    assert run(capsys, "check", "--no-cache", "--add-noqa")[0] == 0
    assert module.read_text().splitlines()[1] == "class Aa(DomainEvent): ...  # noqa: E501, EVL104, EVL101 legacy"


def test_add_noqa_names_a_finding_it_cannot_suppress_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    module = tmp_path / "m.py"
    source = "class DomainEvent: ...\nclass Aa(DomainEvent): ...\n"
    module.write_text(source)
    monkeypatch.setattr("eventlint.fixes.plan.add_noqa", lambda text, lines: text)  # as if no line could take it
    code, _, err = run(capsys, "check", "--no-cache", "--add-noqa")
    assert code == 1
    assert "eventlint: not suppressed: m.py:2: EVL101: no line of its statement can carry a `# noqa` comment" in err
    assert module.read_text() == source
