"""What a check reads better without: tests, migrations, fixtures and generated code, proposed as `exclude`.

Test code defines dummy events and handlers of its own and crosses every
context on purpose; migrations and fixtures freeze old code; generated code
(protocol buffers) is nobody's to fix. Each is proposed as a gitignore-style
pattern `exclude` reads (`tests/` is a folder named so at any depth), and
only when it leaves out a file the check would read, with how many and one
of them as its evidence.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import Path

from eventlint.init.phrases import counted
from eventlint.init.proposal import Entry
from eventlint.sources.discovery import SourceFile, display_path

# Folders left out wherever they are, and what they hold.
FOLDERS = (
    ("tests", "test code"),
    ("test", "test code"),
    ("testing", "test helpers"),
    ("migrations", "database migrations"),
    ("fixtures", "test fixtures"),
)
# Files left out by their name, wherever they are.
FILES = (
    ("test_*.py", "test modules"),
    ("*_test.py", "test modules"),
    ("*_tests.py", "test modules"),
    ("tests.py", "test modules"),
    ("conftest.py", "pytest's fixtures"),
    ("*_pb2.py", "generated protocol buffers"),
    ("*_pb2_grpc.py", "generated gRPC stubs"),
)


def propose_exclude(root: Path, files: Sequence[SourceFile], contexts: Sequence[str] = ()) -> tuple[Entry, ...]:
    """The `exclude` patterns that leave out test, migration, fixture and generated files of the tree.

    A folder that is a context (`contexts/testing`, the bounded context of test sessions) is no test
    code: its name is then left out of the patterns.
    """
    named = {prefix.rpartition(".")[2] for prefix in contexts}
    paths = [display_path(source.path, root) for source in files]
    entries: list[Entry] = []
    left: list[str] = []
    for path in paths:
        folders = path.split("/")[:-1]
        if not any(folder in folders for folder, _ in FOLDERS if folder not in named):
            left.append(path)
    for folder, what in FOLDERS:
        if folder in named:
            continue
        matched = [path for path in paths if folder in path.split("/")[:-1]]
        if matched:
            entries.append(Entry(f"{folder}/", _evidence(what, matched)))
    for pattern, what in FILES:
        matched = [path for path in left if fnmatch.fnmatchcase(path.rpartition("/")[2], pattern)]
        if matched:
            entries.append(Entry(pattern, _evidence(what, matched)))
    return tuple(entries)


def _evidence(what: str, paths: Sequence[str]) -> str:
    return f"{what}: {counted(len(paths), 'file')}, such as {sorted(paths)[0]}"
