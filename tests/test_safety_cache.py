"""The cache on a hostile repository: it never follows a link, never deletes what it did not write,
never hangs on a special file, and never keeps facts of one text under the key of another."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from projects import SHOP, write

import eventlint.extractor.extract
import eventlint.pipeline.cache
import eventlint.pipeline.cachefolder
import eventlint.pipeline.engine
import eventlint.pipeline.workers
from eventlint import Result, lint_paths
from eventlint.api import resolve_config
from eventlint.facts.vocabulary import Vocabulary
from eventlint.pipeline.cache import Memory
from eventlint.pipeline.screening import Screening

DAY_AGO = time.time() - 86_400

# -- helpers --------------------------------------------------------------------------------


def lint(root: Path, **options: Any) -> Result:
    config, _ = resolve_config([root])
    return lint_paths([root], config, base=root, jobs=1, **options)


def found(result: Result) -> list[tuple[str, str, int]]:
    return [(d.path, d.code, d.line) for d in result.diagnostics]


def snapshot(folder: Path) -> dict[str, tuple[object, ...]]:
    """Every name below `folder` (links not followed): its kind, and its content or link target."""
    seen: dict[str, tuple[object, ...]] = {}
    for top, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(top, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size < 1 << 20:
                what: object = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                what = os.readlink(path)
            else:
                what = None
            seen[os.path.relpath(path, folder)] = (stat.S_IFMT(info.st_mode), what, info.st_mtime_ns)
    return seen


def age(*paths: Path) -> None:
    """Make files look older than any pruning horizon."""
    for path in paths:
        os.utime(path, (DAY_AGO, DAY_AGO), follow_symlinks=False)


def entry_like(name: str) -> bytes:
    """A file with the cache's own magic number: what a careless pruner would take for an entry."""
    return b"EVLC\x01" + bytes(16) + name.encode("ascii")


@pytest.fixture()
def place(tmp_path: Path) -> tuple[Path, Path]:
    """A project with a warm cache, and a sibling folder of old files (some shaped like entries)."""
    project = write(tmp_path / "project", SHOP)
    outside = tmp_path / "outside"
    shard = outside / "ab"
    shard.mkdir(parents=True)
    (outside / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (shard / ("ab" + "0" * 30)).write_bytes(entry_like("outside"))
    (shard / "report.txt").write_text("keep me too\n", encoding="utf-8")
    (outside / "manifest-0000000000000000").write_bytes(entry_like("manifest"))
    age(outside / "notes.txt", shard / ("ab" + "0" * 30), shard / "report.txt", outside / "manifest-0000000000000000")
    lint(project)  # a genuine cache to tamper with
    return project, outside


def cache_of(project: Path) -> Path:
    return project / ".eventlint_cache"


def manifest_of(project: Path) -> Path:
    return next(cache_of(project).glob("manifest-*"))


def an_entry(project: Path) -> Path:
    return min(path for path in (cache_of(project) / "entries").rglob("*") if path.is_file())


def replace(path: Path, make: Callable[[Path], None]) -> None:
    """Put something else at `path` (a link, a pipe, a folder)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    make(path)


def link_to(target: Path | str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def pipe(path: Path) -> None:
    os.mkfifo(path)


# -- 1. the cache never follows a link out of the project -----------------------------------


def test_a_linked_entries_folder_is_neither_pruned_nor_written(place: tuple[Path, Path]) -> None:
    project, outside = place
    before = snapshot(outside)
    replace(cache_of(project) / "entries", link_to(outside))
    manifest_of(project).unlink()  # the next run writes and prunes
    result = lint(project)
    assert found(result) == found(lint(project, cache=False))
    assert snapshot(outside) == before
    message = (
        f"{cache_of(project)}/entries is a symbolic link, not a folder; "
        f"running without the cache (delete {cache_of(project)} to use it again)"
    )
    assert result.notices == (message,)


def test_a_linked_cache_folder_gets_nothing_written(tmp_path: Path) -> None:
    project = write(tmp_path / "project", SHOP)
    outside = tmp_path / "outside"
    outside.mkdir()
    cache_of(project).symlink_to(outside)
    result = lint(project)
    assert found(result) == found(lint(project, cache=False))
    assert list(outside.iterdir()) == []  # no .gitignore, no CACHEDIR.TAG, no entries
    assert len(result.notices) == 1


def test_pruning_deletes_only_what_the_cache_wrote(place: tuple[Path, Path]) -> None:
    project, _ = place
    entries = cache_of(project) / "entries"
    shard = entries / "ab"
    shard.mkdir(exist_ok=True)
    foreign = {
        shard / ("ab" + "1" * 30): b"not an entry\n",  # an entry's name, not its magic number
        shard / "notes.txt": entry_like("a stranger's name"),  # the magic number, not an entry's name
        entries / "zz" / ("zz" + "2" * 30): entry_like("in no shard"),
        entries / "README": b"hand-made\n",
    }
    (entries / "zz").mkdir()
    for path, content in foreign.items():
        path.write_bytes(content)
    stale = shard / ("ab" + "3" * 30)
    stale.write_bytes(entry_like("an entry no file uses"))
    age(stale, *foreign)
    manifest_of(project).unlink()
    result = lint(project)
    assert found(result) == found(lint(project, cache=False))
    assert not result.notices
    assert all(path.read_bytes() == content for path, content in foreign.items())
    assert not stale.exists()  # the cache's own stale entry is still pruned


# -- the family: links, special files and foreign content in every place of the cache -------


def make_cache_link(project: Path, outside: Path) -> None:
    replace(cache_of(project), link_to(outside))


def make_cache_dangling_link(project: Path, outside: Path) -> None:
    replace(cache_of(project), link_to(outside / "made-by-nobody"))


def make_cache_a_file(project: Path, outside: Path) -> None:
    replace(cache_of(project), lambda path: path.write_text("not a folder\n", encoding="utf-8"))


def make_cache_a_pipe(project: Path, outside: Path) -> None:
    replace(cache_of(project), pipe)


def make_cache_foreign(project: Path, outside: Path) -> None:
    def foreign(path: Path) -> None:
        path.mkdir()
        (path / "data.txt").write_text("someone else's\n", encoding="utf-8")
        age(path / "data.txt")

    replace(cache_of(project), foreign)


def make_tag_foreign(project: Path, outside: Path) -> None:
    (cache_of(project) / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    manifest_of(project).unlink()


def make_tag_link(project: Path, outside: Path) -> None:
    replace(cache_of(project) / "CACHEDIR.TAG", link_to(outside / "notes.txt"))


def make_ignore_dangling_link(project: Path, outside: Path) -> None:
    replace(cache_of(project) / ".gitignore", link_to(outside / "made-by-nobody"))
    manifest_of(project).unlink()


def make_entries_link(project: Path, outside: Path) -> None:
    replace(cache_of(project) / "entries", link_to(outside))
    manifest_of(project).unlink()


def make_entries_link_to_project(project: Path, outside: Path) -> None:
    replace(cache_of(project) / "entries", link_to(".."))
    manifest_of(project).unlink()


def make_entries_a_file(project: Path, outside: Path) -> None:
    replace(cache_of(project) / "entries", lambda path: path.write_bytes(b""))
    manifest_of(project).unlink()


def make_shard_link(project: Path, outside: Path) -> None:
    replace(an_entry(project).parent, link_to(outside / "ab"))
    manifest_of(project).unlink()


def make_manifest_link(project: Path, outside: Path) -> None:
    replace(manifest_of(project), link_to(outside / "manifest-0000000000000000"))


def make_manifest_pipe(project: Path, outside: Path) -> None:
    replace(manifest_of(project), pipe)


def make_manifest_zero(project: Path, outside: Path) -> None:
    replace(manifest_of(project), link_to("/dev/zero"))


def make_entry_link(project: Path, outside: Path) -> None:
    replace(an_entry(project), link_to(outside / "ab" / ("ab" + "0" * 30)))
    manifest_of(project).unlink()


def make_entry_pipe(project: Path, outside: Path) -> None:
    replace(an_entry(project), pipe)
    manifest_of(project).unlink()


def make_entry_zero(project: Path, outside: Path) -> None:
    replace(an_entry(project), link_to("/dev/zero"))
    manifest_of(project).unlink()


def make_entry_a_folder(project: Path, outside: Path) -> None:
    replace(an_entry(project), lambda path: path.mkdir())
    manifest_of(project).unlink()


def sparse(path: Path) -> None:
    """A file far past any cache file's size that takes no disk: reading it whole would take 8 GB."""
    with open(path, "wb") as out:
        out.truncate(8 << 30)


def make_manifest_huge(project: Path, outside: Path) -> None:
    replace(manifest_of(project), sparse)


def make_entry_huge(project: Path, outside: Path) -> None:
    replace(an_entry(project), sparse)
    manifest_of(project).unlink()


def make_foreign_old_files(project: Path, outside: Path) -> None:
    shard = an_entry(project).parent
    for name in ("notes.txt", shard.name + "9" * 30):
        (shard / name).write_text("not the cache's\n", encoding="utf-8")
        age(shard / name)
    manifest_of(project).unlink()


# (setup, whether the cache is refused with one warning)
HOSTILE = {
    "cache folder links outside": (make_cache_link, True),
    "cache folder is a dangling link": (make_cache_dangling_link, True),
    "cache folder is a regular file": (make_cache_a_file, True),
    "cache folder is a named pipe": (make_cache_a_pipe, True),
    "cache folder is another's": (make_cache_foreign, True),
    "CACHEDIR.TAG is another's": (make_tag_foreign, True),
    "CACHEDIR.TAG links outside": (make_tag_link, True),
    ".gitignore is a dangling link": (make_ignore_dangling_link, True),
    "entries links outside": (make_entries_link, True),
    "entries links to the project": (make_entries_link_to_project, True),
    "entries is a regular file": (make_entries_a_file, True),
    "a shard links outside": (make_shard_link, True),
    "manifest links outside": (make_manifest_link, True),
    "manifest is a named pipe": (make_manifest_pipe, True),
    "manifest links to /dev/zero": (make_manifest_zero, True),
    "an entry links outside": (make_entry_link, True),
    "an entry is a named pipe": (make_entry_pipe, True),
    "an entry links to /dev/zero": (make_entry_zero, True),
    "an entry is a folder": (make_entry_a_folder, True),
    "foreign old files in entries": (make_foreign_old_files, False),
    "manifest is a sparse 8 GB file": (make_manifest_huge, False),  # not read, then replaced
    "an entry is a sparse 8 GB file": (make_entry_huge, False),
}


def bounded() -> None:
    """In the child: a run reading /dev/zero must fail fast, not take the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def check(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--format", "json", *options],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=90,  # a hang fails the test instead of the suite
        check=False,
        preexec_fn=bounded,
    )


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Any]:
    """Exit code and findings of `check --no-cache` on the untouched project."""
    done = check(write(tmp_path_factory.mktemp("reference"), SHOP), "--no-cache")
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_tampered_cache_changes_nothing_outside_and_no_finding(
    place: tuple[Path, Path], uncached: tuple[int, Any], case: str
) -> None:
    project, outside = place
    make, refused = HOSTILE[case]
    make(project, outside)
    before_outside = snapshot(outside)
    before_project = snapshot(project)
    done = check(project)
    assert (done.returncode, json.loads(done.stdout)) == uncached, done.stderr
    assert snapshot(outside) == before_outside
    warnings = [line for line in done.stderr.splitlines() if line.startswith("eventlint: warning:")]
    assert len(warnings) == (1 if refused else 0), done.stderr
    if refused:
        assert snapshot(project) == before_project  # nothing read as the cache's, nothing written into it
    else:
        after = snapshot(project)  # nothing the cache did not write is deleted, whatever its age
        assert [name for name in before_project if name not in after] == []


@pytest.mark.parametrize(
    "case", [case for case, (_, refused) in HOSTILE.items() if refused and "pipe" not in case and "zero" not in case]
)
def test_the_language_servers_memory_reads_through_the_same_checks(place: tuple[Path, Path], case: str) -> None:
    """The in-memory layer of a long-running process fills from the folder by the same checked reads."""
    project, outside = place
    HOSTILE[case][0](project, outside)
    before = snapshot(outside)
    memory = Memory()
    expected = found(lint(project, cache=False))
    for run in range(3):
        result = lint(project, memory=memory, reuse_results=False)
        assert found(result) == expected
        assert len(result.notices) == 1 if run == 0 else len(result.notices) <= 1  # later runs may need no file
    assert snapshot(outside) == before


@pytest.mark.parametrize(
    "case", [case for case, (_, refused) in HOSTILE.items() if refused and "pipe" not in case and "zero" not in case]
)
def test_where_names_cannot_be_opened_relative_to_a_folder_links_are_still_refused(
    place: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """The path-based fallback (platforms without `dir_fd`) checks every name before using it."""
    monkeypatch.setattr(eventlint.pipeline.cachefolder, "RELATIVE", False)
    project, outside = place
    HOSTILE[case][0](project, outside)
    before = snapshot(outside)
    result = lint(project)
    assert found(result) == found(lint(project, cache=False))
    assert len(result.notices) == 1
    assert snapshot(outside) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX opens names relative to a folder")
def test_on_posix_no_name_is_ever_reached_through_a_link() -> None:
    assert eventlint.pipeline.cachefolder.RELATIVE  # not the path-based fallback, which a swapped-in link could race


def test_the_path_based_fallback_is_still_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eventlint.pipeline.cachefolder, "RELATIVE", False)
    monkeypatch.setattr(eventlint.pipeline.cache, "_PRUNE_AGE", -1.0)
    project = write(tmp_path, SHOP)
    cold = lint(project)
    assert not cold.notices
    parsed: list[str] = []
    real = eventlint.extractor.extract.extract

    def counting(data: bytes, module: str, is_package: bool, vocabulary: Vocabulary) -> object:
        parsed.append(module)
        return real(data, module, is_package, vocabulary)

    monkeypatch.setattr(eventlint.extractor.extract, "extract", counting)
    manifest_of(project).unlink()  # entries read one by one
    assert found(lint(project)) == found(cold)
    assert parsed == []
    (project / "src/shop/basket/handlers.py").unlink()
    lint(project)
    assert len([path for path in (cache_of(project) / "entries").rglob("*") if path.is_file()]) == len(SHOP) - 2


# -- 3. key and facts from the same bytes ----------------------------------------------------

# `handlers.py` names the event only through an alias: it is screened first, and
# read again (for its names, then to be parsed) once the alias is known to lead to events.
ALIASED = {
    **SHOP,
    "src/shop/ordering/events.py": str(SHOP["src/shop/ordering/events.py"]) + "\n\nStarted = OrderStartedDomainEvent\n",
    "src/shop/basket/handlers.py": (
        "from shop.ordering.events import Started\n\n\ndef on(event: Started) -> None:\n    print(event)\n"
    ),
}
HANDLERS = "src/shop/basket/handlers.py"


@pytest.fixture()
def aliased(tmp_path: Path) -> Path:
    return write(tmp_path, ALIASED)


@pytest.fixture()
def edit_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, Path, bytes], list[bool]]]:
    """Make `path` hold `text` (or delete it) right after the run has read it (`after`: its screening, or its name scan)."""

    def arm(after: str, path: Path, text: bytes) -> list[bool]:
        original = path.read_bytes()
        fired: list[bool] = []

        def edit(seen: bytes | str) -> None:
            if not fired and (seen == original or seen == original.decode("utf-8")):
                fired.append(True)
                if text == REMOVED:
                    path.unlink()
                else:
                    path.write_bytes(text)

        if after == "screening":
            real_screen = eventlint.pipeline.workers.screen

            def screening(data: bytes, vocabulary: Vocabulary) -> Screening:
                edit(data)
                return real_screen(data, vocabulary)

            monkeypatch.setattr(eventlint.pipeline.workers, "screen", screening)
        else:
            real_identifiers = eventlint.pipeline.engine.identifiers

            def scanning(text: str) -> set[str]:
                edit(text)
                return real_identifiers(text)

            monkeypatch.setattr(eventlint.pipeline.engine, "identifiers", scanning)
        return fired

    yield arm


def test_a_file_edited_during_a_run_leaves_no_poisoned_cache(
    aliased: Path, edit_once: Callable[[str, Path, bytes], list[bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    handlers = aliased / HANDLERS
    original = handlers.read_bytes()
    cold = found(lint(aliased, cache=False))
    assert (HANDLERS, "EVL201", 1) in cold
    fired = edit_once("screening", handlers, b"X = 1\n")
    lint(aliased)  # the file is emptied between the read that keys it and the read that scans it
    assert fired
    monkeypatch.undo()
    handlers.write_bytes(original)
    assert found(lint(aliased)) == cold
    assert found(lint(aliased)) == cold


REMOVED = b"\0removed"  # the file is deleted

EDITS = {
    "removed": REMOVED,
    "emptied": b"",
    "the import gone": b"X = 1\n",
    "moved down two lines": b"\n\n" + str(ALIASED[HANDLERS]).encode("utf-8"),
    "the event named directly": b"from shop.ordering.events import OrderStartedDomainEvent\n",
    "unparsable": b"def on(:\n",
    "not UTF-8": b"from shop.ordering.events import Started\nX = '\xff'\n",
}


@pytest.mark.parametrize("after", ["screening", "name scan"])
@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("memory", [False, True], ids=["cli", "language server"])
def test_edits_during_a_run_never_outlive_it(
    aliased: Path,
    edit_once: Callable[[str, Path, bytes], list[bool]],
    monkeypatch: pytest.MonkeyPatch,
    after: str,
    edit: str,
    memory: bool,
) -> None:
    handlers = aliased / HANDLERS
    original = handlers.read_bytes()
    cold = found(lint(aliased, cache=False))
    kept = Memory() if memory else None
    fired = edit_once(after, handlers, EDITS[edit])
    lint(aliased, memory=kept)
    assert fired
    monkeypatch.undo()
    handlers.write_bytes(original)
    os.utime(handlers, ns=(1, 1))  # a new stamp even on a coarse clock
    assert found(lint(aliased, memory=kept)) == cold
    assert found(lint(aliased, memory=kept)) == cold
    assert found(lint(aliased)) == cold  # and from the folder alone, as a fresh process reads it


ON_DEMAND = "src/shop/ordering/__init__.py"  # consulted while `UnitOfWork` is resolved: read after the name scan
COMMITTING = {
    **SHOP,
    ON_DEMAND: "VERSION = 1\n",
    "src/shop/ordering/uow.py": "class UnitOfWork:\n    def commit(self) -> None: ...\n",
    "src/shop/ordering/service.py": (
        "from shop.ordering.events import OrderStartedDomainEvent\n"
        "from shop.ordering.uow import UnitOfWork\n"
        "\n"
        "\n"
        "def handle(uow: UnitOfWork, bus: object) -> None:\n"
        "    bus.publish(OrderStartedDomainEvent())\n"
        "    uow.commit()\n"
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_module_read_on_demand_and_edited_meanwhile_is_not_kept(
    tmp_path: Path, edit_once: Callable[[str, Path, bytes], list[bool]], monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    project = write(tmp_path, COMMITTING)
    package = project / ON_DEMAND
    cold = found(lint(project, cache=False))
    fired = edit_once("name scan", package, EDITS[edit])
    lint(project)
    assert fired
    monkeypatch.undo()
    package.write_text("VERSION = 1\n", encoding="utf-8")
    assert found(lint(project)) == cold
    assert found(lint(project)) == cold
