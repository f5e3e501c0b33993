"""Writing a project's files safely: `check --fix` and `init --write` in place, all or nothing, inside the project.

Issue 13, items 2, 4 and 5: links, hard links, read-only files, BOM, coding
cookies and line ends are kept or refused, never silently broken; a write that
fails leaves the project as it was; a rename reaches every Python file that
refers to the class (those `exclude` leaves out of the report too), refuses
when it cannot reach one, and names the strings it left unchanged.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from projects import run, shop_config, write

CONFIG = shop_config("ordering", src=True, exclude=["tests"], events=["domain"])
EVENTS = "# Order events: what happened to an order.\nfrom shop.seedwork import DomainEvent\n\n\nclass OrderStarted(DomainEvent): ...\n"
HANDLERS = "from shop.ordering.events import OrderStarted\n\n\ndef on_started(event: OrderStarted) -> None: ...\n"
PROJECT: dict[str, str | bytes] = {
    "eventlint.toml": CONFIG,
    "src/shop/__init__.py": "",
    "src/shop/seedwork.py": "class DomainEvent: ...\n",
    "src/shop/ordering/__init__.py": "",
    "src/shop/ordering/events.py": EVENTS,
    "src/shop/ordering/handlers.py": HANDLERS,
}
EVENTS_PATH = "src/shop/ordering/events.py"
HANDLERS_PATH = "src/shop/ordering/handlers.py"


def renamed(text: str) -> str:
    return text.replace("OrderStarted", "OrderStartedDomainEvent")


def snapshot(root: Path) -> dict[str, tuple[bool, bytes | str]]:
    """Every entry below `root` but the cache: links as their target, files as their bytes."""
    found: dict[str, tuple[bool, bytes | str]] = {}
    for path in sorted(root.rglob("*")):
        if ".eventlint_cache" in path.parts:
            continue
        relpath = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[relpath] = (True, os.readlink(path))
        elif path.is_file():
            found[relpath] = (False, path.read_bytes())
    return found


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write(tmp_path / "project", PROJECT)
    monkeypatch.chdir(root)
    return root


def fix(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, _, err = run(capsys, "check", "--fix", "--unsafe-fixes", "--no-cache", "--quiet")
    return code, err


# -- item 2: in place, keeping links, mode, BOM and line ends ------------------------------------------


def test_fix_writes_through_a_symlink_and_keeps_hard_links_shared(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = project / "shared/order_events.py"  # inside the project: the link stays, its target changes
    shared.parent.mkdir()
    (project / EVENTS_PATH).replace(shared)
    (project / EVENTS_PATH).symlink_to(os.path.relpath(shared, (project / EVENTS_PATH).parent))
    os.link(project / HANDLERS_PATH, project / "handlers_copy.py")
    code, err = fix(capsys)
    assert code == 0, err
    assert (project / EVENTS_PATH).is_symlink()
    assert shared.read_text(encoding="utf-8") == renamed(EVENTS)
    assert os.path.samefile(project / HANDLERS_PATH, project / "handlers_copy.py")
    assert (project / "handlers_copy.py").read_text(encoding="utf-8") == renamed(HANDLERS)


def test_fix_refuses_a_read_only_file_and_changes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / HANDLERS_PATH).chmod(0o444)
    before = snapshot(project)
    code, err = fix(capsys)
    assert code == 2
    assert err == f"eventlint: cannot write {HANDLERS_PATH}: it is read-only (no file was changed)\n"
    assert snapshot(project) == before
    assert stat.S_IMODE((project / HANDLERS_PATH).stat().st_mode) == 0o444  # never made writable


def test_two_names_of_one_file_that_would_get_two_texts_stop_the_fix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = project / "tests/fixtures/events_copy.py"  # excluded from the report: its own class is not renamed
    copy.parent.mkdir(parents=True)
    os.link(project / EVENTS_PATH, copy)
    before = snapshot(project)
    code, err = fix(capsys)
    assert code == 2
    assert err == (
        f"eventlint: cannot write {EVENTS_PATH}: it is the same file as tests/fixtures/events_copy.py (a link), "
        "which would get another text (no file was changed)\n"
    )
    assert snapshot(project) == before


@dataclass(frozen=True)
class Case:
    """A way a source file can be stored, and what `--fix` must do with it."""

    prepare: Callable[[Path], None]
    outcome: Callable[[Path, int, str, dict[str, tuple[bool, bytes | str]]], None]


def _encoded(text: str, newline: str = "\n", encoding: str = "utf-8", bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode(encoding)


def _stored(relpath: str, newline: str = "\n", encoding: str = "utf-8", bom: bool = False, cookie: str = "") -> Case:
    """The file stored with those line ends, encoding and BOM: fixed, and stored alike."""
    original = {EVENTS_PATH: EVENTS, HANDLERS_PATH: HANDLERS}[relpath]
    text = cookie + original.replace("what happened", "ce qui arrivé") if cookie else original

    def prepare(root: Path) -> None:
        (root / relpath).write_bytes(_encoded(text, newline, encoding, bom))

    def outcome(root: Path, code: int, err: str, before: dict[str, tuple[bool, bytes | str]]) -> None:
        assert code == 0, err
        assert (root / relpath).read_bytes() == _encoded(renamed(text), newline, encoding, bom)
        other = HANDLERS_PATH if relpath == EVENTS_PATH else EVENTS_PATH
        assert "OrderStartedDomainEvent" in (root / other).read_text(encoding="utf-8")

    return Case(prepare, outcome)


def _outside_link(tmp: Path) -> Case:
    outside = tmp / "elsewhere" / "events.py"

    def prepare(root: Path) -> None:
        outside.parent.mkdir(exist_ok=True)
        (root / EVENTS_PATH).replace(outside)
        (root / EVENTS_PATH).symlink_to(outside)

    def outcome(root: Path, code: int, err: str, before: dict[str, tuple[bool, bytes | str]]) -> None:
        # A link out of the project is never read (it is EVL001), so no fix reaches or writes through it.
        assert code == 1, err
        assert outside.read_text(encoding="utf-8") == EVENTS
        assert snapshot(root) == before

    return Case(prepare, outcome)


def _inside_link(root_name: str) -> Case:
    def prepare(root: Path) -> None:
        target = root / "shared" / "events.py"
        target.parent.mkdir()
        (root / EVENTS_PATH).replace(target)
        (root / EVENTS_PATH).symlink_to(Path("../../../shared/events.py"))

    def outcome(root: Path, code: int, err: str, before: dict[str, tuple[bool, bytes | str]]) -> None:
        assert code == 0, err
        assert (root / EVENTS_PATH).is_symlink()
        assert (root / "shared/events.py").read_text(encoding="utf-8") == renamed(EVENTS)
        assert (root / HANDLERS_PATH).read_text(encoding="utf-8") == renamed(HANDLERS)

    return Case(prepare, outcome)


def _dangling_link() -> Case:
    def prepare(root: Path) -> None:
        (root / "src/shop/ordering/stale.py").symlink_to("gone/stale.py")

    def outcome(root: Path, code: int, err: str, before: dict[str, tuple[bool, bytes | str]]) -> None:
        assert code != 2, err  # a link to nothing is no module: nothing to reach, nothing created
        assert (root / HANDLERS_PATH).read_text(encoding="utf-8") == renamed(HANDLERS)
        assert os.readlink(root / "src/shop/ordering/stale.py") == "gone/stale.py"
        assert not (root / "src/shop/ordering/gone").exists()

    return Case(prepare, outcome)


def _hard_link() -> Case:
    def prepare(root: Path) -> None:
        os.link(root / EVENTS_PATH, root / "events_backup.py")

    def outcome(root: Path, code: int, err: str, before: dict[str, tuple[bool, bytes | str]]) -> None:
        assert code == 0, err
        assert os.path.samefile(root / EVENTS_PATH, root / "events_backup.py")
        assert (root / "events_backup.py").read_text(encoding="utf-8") == renamed(EVENTS)

    return Case(prepare, outcome)


def _read_only(relpath: str) -> Case:
    def prepare(root: Path) -> None:
        (root / relpath).chmod(0o440)

    def outcome(root: Path, code: int, err: str, before: dict[str, tuple[bool, bytes | str]]) -> None:
        assert code == 2
        assert err == f"eventlint: cannot write {relpath}: it is read-only (no file was changed)\n"
        assert snapshot(root) == before

    return Case(prepare, outcome)


FIX_CASES = {
    "symlink in project": lambda tmp: _inside_link("shared"),
    "symlink out of project": _outside_link,
    "dangling link": lambda tmp: _dangling_link(),
    "hard link": lambda tmp: _hard_link(),
    "read-only class file": lambda tmp: _read_only(EVENTS_PATH),
    "read-only importer": lambda tmp: _read_only(HANDLERS_PATH),
    "BOM": lambda tmp: _stored(EVENTS_PATH, bom=True),
    "BOM and cookie": lambda tmp: _stored(HANDLERS_PATH, bom=True, cookie="# -*- coding: utf-8 -*-\n"),
    "CRLF": lambda tmp: _stored(EVENTS_PATH, newline="\r\n"),
    "CR-only": lambda tmp: _stored(EVENTS_PATH, newline="\r"),
    "CR-only importer": lambda tmp: _stored(HANDLERS_PATH, newline="\r"),
    "latin-1 cookie": lambda tmp: _stored(EVENTS_PATH, encoding="latin-1", cookie="# -*- coding: latin-1 -*-\n"),
    "latin-1 importer": lambda tmp: _stored(HANDLERS_PATH, encoding="latin-1", cookie="# coding: latin-1\n"),
    "cp1252 CRLF": lambda tmp: _stored(EVENTS_PATH, "\r\n", "cp1252", cookie="# coding: cp1252\n"),
}


@pytest.mark.parametrize("case", sorted(FIX_CASES))
def test_fix_family_of_stored_files(case: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stored = FIX_CASES[case](project.parent)
    stored.prepare(project)
    before = snapshot(project)
    code, err = fix(capsys)
    stored.outcome(project, code, err, before)


def test_mixed_line_ends_are_kept_line_by_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mixed = b"from shop.ordering.events import OrderStarted\r\n\n\rdef on_started(event: OrderStarted) -> None: ...\r"
    (project / HANDLERS_PATH).write_bytes(mixed)
    code, err = fix(capsys)
    assert code == 0, err
    assert (project / HANDLERS_PATH).read_bytes() == mixed.replace(b"OrderStarted", b"OrderStartedDomainEvent")


def test_add_noqa_keeps_bom_encoding_and_line_ends(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "# coding: latin-1\n# é\n" + EVENTS
    (project / EVENTS_PATH).write_bytes(_encoded(text, "\r", "latin-1"))
    code, _, err = run(capsys, "check", "--add-noqa", "--no-cache")
    assert code == 0, err
    after = (project / EVENTS_PATH).read_bytes()
    assert after == _encoded(text.replace("(DomainEvent): ...", "(DomainEvent): ...  # noqa: EVL101"), "\r", "latin-1")


# -- item 2: init --write and --pyproject --------------------------------------------------------------

INIT_PROJECT: dict[str, str | bytes] = {key: value for key, value in PROJECT.items() if key != "eventlint.toml"}
PYPROJECT = '[project]\nname = "shop"\n'


@dataclass(frozen=True)
class InitCase:
    """A state of the file `init --write` would write, its flags, and what must come of it."""

    flags: tuple[str, ...]
    prepare: Callable[[Path, Path], None]  # (the project, a folder outside it)
    refusal: str | None = None  # the reason it gives for not writing
    written: str = ""  # where the proposal lands (a link's target, another name of the file)
    expected: Callable[[str], bytes] = lambda proposal: (PYPROJECT + "\n" + proposal).encode("utf-8")


def _pyproject(data: bytes) -> Callable[[Path, Path], None]:
    return lambda root, outside: (root / "pyproject.toml").write_bytes(data)


def _linked_pyproject(where: str) -> Callable[[Path, Path], None]:
    def prepare(root: Path, outside: Path) -> None:
        folder = root / "config" if where == "inside" else outside
        folder.mkdir(exist_ok=True)
        (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
        (root / "pyproject.toml").symlink_to(folder / "pyproject.toml")

    return prepare


def _hard_linked_pyproject(root: Path, outside: Path) -> None:
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    os.link(root / "pyproject.toml", root / "pyproject.shared.toml")


def _read_only_pyproject(root: Path, outside: Path) -> None:
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "pyproject.toml").chmod(0o444)


def _dangling(name: str) -> Callable[[Path, Path], None]:
    return lambda root, outside: (root / name).symlink_to(outside / "missing" / name)


INIT_CASES = {
    "symlink in project": InitCase(("--pyproject",), _linked_pyproject("inside"), written="config/pyproject.toml"),
    "symlink out of project": InitCase(
        ("--pyproject",), _linked_pyproject("outside"), "it leads to {outside}/pyproject.toml, outside the project"
    ),
    "dangling eventlint.toml": InitCase((), _dangling("eventlint.toml"), "it is a link to {outside}/missing/eventlint.toml, which does not exist"),
    "dangling pyproject.toml": InitCase(
        ("--pyproject",), _dangling("pyproject.toml"), "it is a link to {outside}/missing/pyproject.toml, which does not exist"
    ),
    "hard link": InitCase(("--pyproject",), _hard_linked_pyproject, written="pyproject.shared.toml"),
    "read-only": InitCase(("--pyproject",), _read_only_pyproject, "it is read-only"),
    "BOM": InitCase(
        ("--pyproject",),
        _pyproject(b"\xef\xbb\xbf" + PYPROJECT.encode()),
        expected=lambda proposal: b"\xef\xbb\xbf" + (PYPROJECT + "\n" + proposal).encode("utf-8"),
    ),
    "CRLF": InitCase(
        ("--pyproject",),
        _pyproject(PYPROJECT.replace("\n", "\r\n").encode()),
        expected=lambda proposal: (PYPROJECT + "\n" + proposal).replace("\n", "\r\n").encode("utf-8"),
    ),
    "CR-only": InitCase(("--pyproject",), _pyproject(PYPROJECT.replace("\n", "\r").encode()), "it is not valid TOML"),
    "latin-1": InitCase(("--pyproject",), _pyproject(b'[project]\nname = "caf\xe9"\n'), "it is not UTF-8, so not TOML"),
    "new eventlint.toml": InitCase((), lambda root, outside: None, expected=lambda proposal: proposal.encode("utf-8")),
    "plain pyproject.toml": InitCase(("--pyproject",), _pyproject(PYPROJECT.encode())),
}


@pytest.mark.parametrize("case", sorted(INIT_CASES))
def test_init_write_family_of_configuration_files(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = INIT_CASES[case]
    root, outside = write(tmp_path / "project", INIT_PROJECT), tmp_path / "outside"
    outside.mkdir()
    stored.prepare(root, outside)
    monkeypatch.chdir(root)
    before, before_outside = snapshot(root), snapshot(outside)
    name = "pyproject.toml" if "--pyproject" in stored.flags else "eventlint.toml"
    code, proposal, _ = run(capsys, "init", *stored.flags)
    assert code == 0
    code, _, err = run(capsys, "init", "--write", *stored.flags)
    assert snapshot(outside) == before_outside  # nothing outside the project is ever written
    if stored.refusal is not None:
        assert code == 2
        assert err.startswith((f"eventlint: cannot write {name}: ", f"eventlint: cannot add to {name}: ")), err
        assert stored.refusal.format(outside=outside) in err and err.count("\n") == 1, err
        assert snapshot(root) == before
        return
    assert code == 0, err
    assert (root / name).read_bytes() == stored.expected(proposal)
    if stored.written:
        assert (root / stored.written).read_bytes() == stored.expected(proposal)
        assert (root / name).is_symlink() == before[name][0]
    code, _, err = run(capsys, "check", "--no-cache")
    assert code in (0, 1) and "no eventlint.toml or [tool.eventlint] found" not in err, err  # the written file is read


# -- item 4: all or nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize("failing", [EVENTS_PATH, HANDLERS_PATH])
def test_a_write_failing_midway_restores_the_files_already_written(
    failing: str, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    before = snapshot(project)

    def full_disk(path: str | Path, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if str(path).endswith(failing) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", full_disk)
    code, err = fix(capsys)
    assert code == 2
    # events.py is written first: when it fails there is nothing to restore yet
    kept = "no file was changed" if failing == EVENTS_PATH else "the files already written were restored: no file was changed"
    assert err == f"eventlint: cannot write {failing}: No space left on device ({kept})\n"
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("replace_with", "reason"),
    [
        (lambda path: (path.unlink(), path.mkdir()), "it is not a regular file"),
        (lambda path: path.write_text("# edited meanwhile\n", encoding="utf-8"), "it changed since it was read"),
        (lambda path: path.unlink(), "it no longer exists"),
        (lambda path: path.chmod(0o400), "it is read-only"),
    ],
    ids=["a folder now", "edited", "deleted", "read-only now"],
)
def test_a_file_made_unwritable_after_planning_stops_every_write(
    replace_with: Callable[[Path], object],
    reason: str,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import eventlint.fixes.plan

    planned = eventlint.fixes.plan.plan_fixes

    def plan_then_break(*args: object, **kwargs: object) -> eventlint.fixes.plan.Plan:
        plan = planned(*args, **kwargs)  # type: ignore[arg-type]
        replace_with(project / HANDLERS_PATH)
        return plan

    monkeypatch.setattr(eventlint.fixes.plan, "plan_fixes", plan_then_break)
    code, err = fix(capsys)
    assert code == 2
    assert err == f"eventlint: cannot write {HANDLERS_PATH}: {reason} (no file was changed)\n"
    assert (project / EVENTS_PATH).read_text(encoding="utf-8") == EVENTS


UNREACHABLE = {
    "undecodable": (b"from shop.ordering.events import OrderStarted\nx = '\xff'\n", "cannot decode it: 'utf-8' codec can't decode byte 0xff"),
    "unknown cookie": (b"# coding: klingon\nfrom shop.ordering.events import OrderStarted\n", "cannot decode it: unknown encoding"),
    "unparsable": (b"from shop.ordering.events import OrderStarted\ndef (:\n", "cannot parse the file"),
    "star import, undecodable": (b"from shop.ordering.events import *\nx = '\xff'\n", "cannot decode it"),
}


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_a_rename_that_cannot_reach_a_file_is_refused_naming_it(kind: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, reason = UNREACHABLE[kind]
    write(project, {"tests/test_legacy.py": data})  # excluded from the report, still referring to the class
    before = snapshot(project)
    code, err = fix(capsys)
    assert code == 1  # the finding stays
    refusal = [line for line in err.splitlines() if line.startswith("eventlint: not fixed: ")]
    assert len(refusal) == 1 and refusal[0].startswith(f"eventlint: not fixed: {EVENTS_PATH}:5: EVL101: tests/test_legacy.py")
    assert reason in refusal[0]
    assert snapshot(project) == before  # nothing renamed anywhere


def test_an_unreadable_file_not_naming_the_class_does_not_stop_the_rename(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"tests/test_other.py": b"x = '\xff'\n"})
    code, err = fix(capsys)
    assert code == 0, err
    assert (project / HANDLERS_PATH).read_text(encoding="utf-8") == renamed(HANDLERS)


# -- item 5: the rename follows every reference, and names the strings it left ------------------------


def test_rename_reaches_excluded_tests(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    test_code = (
        "import shop.ordering.events as events\n"
        "from shop.ordering.events import OrderStarted\n\n\n"
        "def test_started() -> None:\n"
        "    event = OrderStarted()\n"
        "    assert isinstance(event, events.OrderStarted)\n"
        '    assert "an OrderStarted" != "OrderStarted happened"\n'
    )
    write(project, {"tests/__init__.py": "", "tests/test_events.py": test_code})
    code, err = fix(capsys)
    assert code == 0, err
    after = (project / "tests/test_events.py").read_text(encoding="utf-8")
    assert after == test_code.replace("import OrderStarted", "import OrderStartedDomainEvent").replace(
        "= OrderStarted()", "= OrderStartedDomainEvent()"
    ).replace("events.OrderStarted)", "events.OrderStartedDomainEvent)")
    imported = subprocess.run(
        [sys.executable, "-c", "import tests.test_events"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(project / "src"), str(project)])},
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr  # the project still imports


@pytest.mark.parametrize(
    "line",
    [
        '    assert type(event).__name__ == "OrderStarted"\n',
        '    patch("shop.ordering.events.OrderStarted")\n',
        "    assert published.contains('OrderStarted')\n",
        '    registry = {"OrderStarted": events}\n',
    ],
)
def test_a_string_naming_the_class_stops_the_rename_and_is_named(
    project: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    """Renaming would leave the string naming nothing: the project's own test would fail."""
    test_code = "import shop.ordering.events as events\n\n\ndef test_started(event, patch, published) -> None:\n" + line
    write(project, {"tests/__init__.py": "", "tests/test_events.py": test_code})
    before = {path: path.read_bytes() for path in project.rglob("*.py")}
    code, err = fix(capsys)
    assert code == 1, err
    assert "tests/test_events.py:5" in err and "strings name the class by its old name" in err, err
    assert {path: path.read_bytes() for path in project.rglob("*.py")} == before


REFERRING = "from shop.ordering.events import OrderStarted\n"


@pytest.mark.parametrize(
    ("relpath", "setting", "followed"),
    [
        ("tests/test_a.py", 'exclude = ["tests"]', True),
        ("scripts/seed.py", 'exclude = ["scripts/"]', True),
        ("src/shop/ordering/test_events.py", 'exclude = ["**/test_*.py"]', True),
        ("src/shop/ordering/views.py", 'per-file-ignores = { "**/views.py" = ["EVL"] }', True),
        ("src/shop/migrations/0001.py", 'exclude = ["**/migrations/**"]', True),
        ("conftest.py", "", True),
        (".venv/lib/shop_copy.py", "", False),
        ("env/lib/python3.12/site-packages/x.py", "", False),
        ("tools/env/lib/helper.py", "", False),  # a virtualenv by its pyvenv.cfg
        ("build/lib/shop/x.py", "", False),
        (".git/hooks/x.py", "", False),
        ("generated/x.py", "", False),  # git-ignored
    ],
)
def test_rename_follows_every_python_file_of_the_project_but_foreign_ones(
    relpath: str, setting: str, followed: bool, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = CONFIG.replace('exclude = ["tests"]\n', setting + "\n") if not setting.startswith("per-file") else CONFIG.replace(
        'exclude = ["tests"]\n', ""
    ).replace("[events]", setting + "\n[events]")
    write(project, {"eventlint.toml": config, relpath: REFERRING, ".gitignore": "generated/\n", "tools/env/pyvenv.cfg": "home = /usr\n"})
    code, err = fix(capsys)
    assert code in (0, 1), err
    assert (project / EVENTS_PATH).read_text(encoding="utf-8") == renamed(EVENTS)
    assert (project / relpath).read_text(encoding="utf-8") == (renamed(REFERRING) if followed else REFERRING)
