"""The persistent cache: what a second run parses, what it keeps, and what it never trusts."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from projects import SHOP, SHOP_FINDINGS, write

import eventlint.api
import eventlint.extractor.extract
import eventlint.pipeline.cache
import eventlint.pipeline.cachefolder
from eventlint import Result, lint_paths
from eventlint.api import resolve_config
from eventlint.facts.vocabulary import Vocabulary

PROJECT = {**SHOP, "src/shop/ordering/money.py": "def add(a: int, b: int) -> int:\n    return a + b\n"}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return write(tmp_path, PROJECT)


@pytest.fixture()
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The modules libcst parses in this process, in order."""
    seen: list[str] = []
    real = eventlint.extractor.extract.extract

    def counting(data: bytes, module: str, is_package: bool, vocabulary: Vocabulary) -> object:
        seen.append(module)
        return real(data, module, is_package, vocabulary)

    monkeypatch.setattr(eventlint.extractor.extract, "extract", counting)
    yield seen


def lint(root: Path, **options: object) -> Result:
    config, _ = resolve_config([root])
    return lint_paths([root], config, base=root, jobs=1, **options)  # type: ignore[arg-type]


def found(result: Result) -> list[tuple[str, str, int]]:
    return [(d.path, d.code, d.line) for d in result.diagnostics]


EXPECTED = SHOP_FINDINGS


def test_a_second_run_parses_nothing(project: Path, parsed: list[str]) -> None:
    first = lint(project)
    assert found(first) == EXPECTED
    assert parsed  # the cold run parsed the files that matter
    parsed.clear()
    second = lint(project)
    assert found(second) == EXPECTED
    assert parsed == []


def test_an_edit_reparses_that_file_only(project: Path, parsed: list[str]) -> None:
    lint(project)
    parsed.clear()
    handlers = project / "src/shop/basket/handlers.py"
    handlers.write_text(handlers.read_text() + "\n\nCOUNT = 1\n", encoding="utf-8")
    assert found(lint(project)) == EXPECTED
    assert parsed == ["shop.basket.handlers"]


def test_the_cache_folder_ignores_itself(project: Path) -> None:
    lint(project)
    folder = project / ".eventlint_cache"
    assert folder.is_dir()
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_no_cache_neither_reads_nor_writes(project: Path, parsed: list[str]) -> None:
    lint(project, cache=False)
    assert not (project / ".eventlint_cache").exists()
    lint(project)
    parsed.clear()
    assert found(lint(project, cache=False)) == EXPECTED
    assert parsed  # --no-cache parses again: it read nothing


def test_entries_of_deleted_files_are_dropped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eventlint.pipeline.cache, "_PRUNE_AGE", -1.0)
    lint(project)
    entries = project / ".eventlint_cache" / "entries"
    before = {path.name for path in entries.rglob("*") if path.is_file()}
    (project / "src/shop/ordering/money.py").unlink()
    lint(project)
    after = {path.name for path in entries.rglob("*") if path.is_file()}
    assert after < before
    assert len(after) == len(before) - 1


def test_entries_of_changed_files_do_not_pile_up(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eventlint.pipeline.cache, "_PRUNE_AGE", -1.0)
    money = project / "src/shop/ordering/money.py"
    for version in range(5):
        money.write_text(f"VERSION = {version}\n", encoding="utf-8")
        lint(project)
    files = [path for path in (project / ".eventlint_cache" / "entries").rglob("*") if path.is_file()]
    assert len(files) == len(PROJECT) - 1  # one entry per file of the project (eventlint.toml is not one)


@pytest.mark.parametrize(
    "failing",
    [
        pytest.param(errno.ENOSPC, id="full disk"),
        pytest.param(errno.EROFS, id="read-only file system"),
        pytest.param(errno.EACCES, id="permission denied"),
    ],
)
def test_a_cache_that_cannot_be_written_warns_once(project: Path, monkeypatch: pytest.MonkeyPatch, failing: int) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(failing, os.strerror(failing))

    monkeypatch.setattr(eventlint.pipeline.cachefolder, "create_temporary", refuse)
    result = lint(project)
    assert found(result) == EXPECTED
    assert not result.errors
    assert len(result.notices) == 1
    assert "cache" in result.notices[0]


def test_a_cache_folder_that_cannot_be_made_warns_once(project: Path) -> None:
    (project / ".eventlint_cache").write_text("not a folder", encoding="utf-8")
    result = lint(project)
    assert found(result) == EXPECTED
    assert len(result.notices) == 1


def test_the_warning_reaches_stderr_once(project: Path) -> None:
    (project / ".eventlint_cache").write_text("not a folder", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check"], cwd=project, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1
    warnings = [line for line in done.stderr.splitlines() if "cache" in line]
    assert len(warnings) == 1, done.stderr
    assert warnings[0].startswith("eventlint: warning:")


def corrupt_every(project: Path, damage: Callable[[bytes], bytes]) -> int:
    damaged = 0
    for path in (project / ".eventlint_cache").rglob("*"):
        if path.is_file() and (path.parent.parent.name == "entries" or path.name.startswith("manifest-")):
            path.write_bytes(damage(path.read_bytes()))
            damaged += 1
    return damaged


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: b"", id="emptied"),
        pytest.param(lambda blob: os.urandom(len(blob)), id="garbage"),
        pytest.param(lambda blob: blob[:21] + os.urandom(len(blob) - 21), id="garbage after the header"),
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]), id="one bit flipped"),
        pytest.param(lambda blob: blob.replace(b"EVLC\x01", b"EVLC\x09", 1), id="another format"),
    ],
)
def test_damaged_cache_files_are_ignored_and_rewritten(
    project: Path, parsed: list[str], damage: Callable[[bytes], bytes]
) -> None:
    lint(project)
    assert corrupt_every(project, damage) > 0
    parsed.clear()
    again = lint(project)
    assert found(again) == EXPECTED
    assert not again.errors
    assert parsed  # nothing damaged was trusted: the files that matter were parsed again
    parsed.clear()
    assert found(lint(project)) == EXPECTED
    assert parsed == []  # and the cache was rewritten whole


def test_a_forged_entry_cannot_run_code(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A payload naming any callable outside eventlint's data classes is refused, checksum or not."""
    import hashlib
    import pickle

    lint(project)
    marker = tmp_path_factory.mktemp("forged") / "ran"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Exploit())
    blob = b"EVLC\x01" + hashlib.blake2b(payload, digest_size=16).digest() + payload
    for path in (project / ".eventlint_cache" / "entries").rglob("*"):
        if path.is_file():
            path.write_bytes(blob)
    manifest = next((project / ".eventlint_cache").glob("manifest-*"))
    manifest.write_bytes(blob)
    assert found(lint(project)) == EXPECTED
    assert not marker.exists()


def test_runs_at_once_never_corrupt_the_cache(project: Path) -> None:
    """Two runs writing at the same time (two hooks, the editor and a terminal)."""
    for _ in range(3):
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "eventlint", "check", "--format", "json", "--quiet"],
                cwd=project,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(3)
        ]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [1, 1, 1], [err for _, err in outputs]
        assert len({out for out, _ in outputs}) == 1
        (project / "src/shop/ordering/money.py").write_text(f"X = {_}\n", encoding="utf-8")
    assert found(lint(project)) == found(lint(project, cache=False)) == EXPECTED


# -- the memory of a long-running process (the language server) --------------------------


def test_memory_reads_no_unchanged_file_again_and_sees_every_change(
    project: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = eventlint.pipeline.cache.Memory()
    assert found(lint(project, memory=memory)) == EXPECTED
    opened: list[str] = []
    real_read = eventlint.api.read_regular

    def reading(path: Path, *args: Any) -> bytes:
        if path.suffix == ".py":
            opened.append(path.name)
        return real_read(path, *args)

    monkeypatch.setattr(eventlint.api, "read_regular", reading)
    parsed.clear()
    assert found(lint(project, memory=memory)) == EXPECTED
    assert opened == [] and parsed == []  # stamps, manifest and facts all from memory
    handlers = project / "src/shop/basket/handlers.py"
    handlers.write_text("from shop.ordering.events import CreateOrder\n", encoding="utf-8")
    os.utime(handlers, ns=(1, 1))  # a new stamp even on a coarse clock
    assert found(lint(project, memory=memory)) == EXPECTED  # CreateOrder crosses now, on the same line
    assert lint(project, memory=memory).diagnostics[0].event == "shop.ordering.events.CreateOrder"
    assert set(opened) == {"handlers.py"}  # the changed file only
    assert parsed == ["shop.basket.handlers"]


def test_memory_keeps_the_file_list_until_told_it_changed(project: Path) -> None:
    memory = eventlint.pipeline.cache.Memory()
    lint(project, memory=memory)
    (project / "src/shop/basket/more.py").write_text("from shop.ordering.events import OrderStartedDomainEvent\n", encoding="utf-8")
    assert ("src/shop/basket/more.py", "EVL201", 1) not in found(lint(project, memory=memory))
    memory.forget_files()
    assert ("src/shop/basket/more.py", "EVL201", 1) in found(lint(project, memory=memory))
    assert found(lint(project, memory=memory)) == found(lint(project))  # the same as a run without memory


def test_a_warm_run_never_imports_libcst(project: Path) -> None:
    script = "import sys\nfrom eventlint.cli import main\nmain(['check', '-q'])\nprint('libcst' in sys.modules)\n"
    runs = [
        subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=120, check=False)
        for _ in range(2)
    ]
    assert runs[0].stdout.splitlines()[-1] == "True"  # the cold run parses
    assert runs[1].stdout.splitlines()[-1] == "False", runs[1].stderr  # the warm one reads facts only


def test_a_change_to_any_module_of_eventlint_makes_a_new_engine() -> None:
    """The cache trusts facts and findings of the same engine only: every module of the package is part of it."""
    from eventlint.pipeline.engine import engine_files

    package = Path(eventlint.__file__).resolve().parent
    every = {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
    assert {name for name, _ in engine_files()} == every
    assert {"checks/messages.py", "index/names.py", "extractor/extract.py", "cli.py"} <= every
