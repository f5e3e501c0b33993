"""The baseline: findings a legacy codebase accepts for now, hidden until they are fixed.

An entry is keyed by rule, file (relative to the project root), the class or
function the finding stands in, and the event it concerns, never by line, so
an edit that moves lines keeps it matched. Each key has a count: a new
instance of the same mistake in the same place is one more than the baseline
holds, and is reported. The file is JSON, sorted, one entry a line group, so
it reads well in a diff.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.checks.registry import by_code
from eventlint.files.safeio import read_regular
from eventlint.model import Diagnostic
from eventlint.report.result import Result
from eventlint.sources.discovery import display_path, reported_path

BASELINE_FILE = "eventlint-baseline.json"
_FORMAT = 1

Key = tuple[str, str, str, str]  # code, path, symbol, event


class BaselineError(Exception):
    """A baseline file that cannot be used: one line naming the file and what is wrong."""


@dataclass(frozen=True)
class Baseline:
    """The accepted findings, by key, with how many of each."""

    path: Path
    counts: Counter[Key]

    @classmethod
    def read(cls, path: Path) -> Baseline:
        """Load a baseline file, or raise `BaselineError` saying why it is not one."""
        shown = display_path(path, Path.cwd())
        try:
            # A regular file only, and bounded: a named pipe would wait for a writer for ever.
            data = json.loads(read_regular(path).decode("utf-8"))
        except OSError as error:
            raise BaselineError(f"{shown}: cannot read the baseline: {error.strerror or error}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BaselineError(f"{shown}: not a baseline: invalid JSON ({error})") from None
        except (RecursionError, MemoryError):  # `[[[[...` thousands deep: no baseline is nested past two levels
            raise BaselineError(f"{shown}: not a baseline: nested too deeply") from None
        version = data.get("version") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or isinstance(version, bool)
            or version != _FORMAT
            or not isinstance(data.get("findings"), list)
        ):
            raise BaselineError(f'{shown}: not a baseline: expected {{"version": {_FORMAT}, "findings": [...]}}')
        problems = [
            f"{shown}: {problem}" for number, entry in enumerate(data["findings"]) for problem in _entry_problems(number, entry)
        ]
        if problems:
            raise BaselineError("\n".join(problems))
        counts: Counter[Key] = Counter()
        for entry in data["findings"]:
            counts[(entry["code"], entry["path"], entry["symbol"], entry["event"])] += entry.get("count", 1)
        return cls(path, counts)

    def hide(self, diagnostics: Sequence[Diagnostic], root: Path, base: Path) -> tuple[list[Diagnostic], int]:
        """The findings the baseline does not hold, and how many it hid."""
        left = Counter(self.counts)
        kept, hidden = [], 0
        for diagnostic in diagnostics:
            key = key_of(diagnostic, root, base)
            if left[key] > 0:
                left[key] -= 1
                hidden += 1
            else:
                kept.append(diagnostic)
        return kept, hidden


_FIELDS = ("code", "path", "symbol", "event", "count")


def _entry_problems(number: int, entry: object) -> Iterator[str]:
    """What is wrong with one entry, each naming its key (`findings[3].path: ...`); nothing when sound.

    An entry that names no file or no rule would hide nothing, or (were it read
    loosely) more than it says, so a hand-edited baseline is checked as strictly
    as a configuration: every field `--update-baseline` writes must be there.
    """
    where = f"findings[{number}]"
    if not isinstance(entry, dict):
        yield f"{where}: expected an object with code, path, symbol, event and count, got {_kind(entry)}"
        return
    for name in entry:
        if name not in _FIELDS:
            close = difflib.get_close_matches(str(name), _FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield f"{where}.{name}: unknown key{hint}"
    for name in ("code", "path", "symbol", "event"):
        value = entry.get(name)
        if name not in entry:
            yield f"{where}.{name}: required key is missing"
        elif not isinstance(value, str):
            yield f"{where}.{name}: expected a string, got {_kind(value)}"
        elif name == "code" and value not in by_code():
            yield f"{where}.code: unknown rule code '{value}'"
        elif name == "path" and not value.strip():
            yield f"{where}.path: expected the file's path from the project root, got an empty string"
    count = entry.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        yield f"{where}.count: expected a positive integer, got {count!r}"


def _kind(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a float", list: "an array", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def read_baseline(path: Path) -> Baseline | None:
    """The baseline at `path`, None when nothing has that name: anything by it is read, so a named pipe or a
    broken link is an error (`BaselineError`), never skipped."""
    return Baseline.read(path) if os.path.lexists(path) else None


def without_baselined(result: Result, baseline: Baseline | None, root: Path, base: Path | None = None) -> Result:
    """The result with what the baseline records hidden, and counted (paths shown from `base`, by default the cwd)."""
    if baseline is None:
        return result
    kept, hidden = baseline.hide(result.diagnostics, root, base or Path.cwd())
    return dataclasses.replace(result, diagnostics=tuple(kept), baselined=hidden)


def key_of(diagnostic: Diagnostic, root: Path, base: Path) -> Key:
    """A finding's baseline key: rule, path from the project root, enclosing symbol, event."""
    absolute = reported_path(diagnostic.path, base)
    try:
        relative = absolute.resolve().relative_to(root).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    return (diagnostic.code, relative, diagnostic.symbol or "", diagnostic.event or "")


def write_baseline(path: Path, diagnostics: Iterable[Diagnostic], root: Path, base: Path) -> int:
    """Write every finding as the baseline (sorted, diff-friendly); return how many it holds."""
    counts = Counter(key_of(diagnostic, root, base) for diagnostic in diagnostics)
    findings = [
        {"code": code, "path": relpath, "symbol": symbol, "event": event, "count": count}
        for (code, relpath, symbol, event), count in sorted(counts.items(), key=lambda item: (item[0][1], *item[0]))
    ]
    text = json.dumps({"version": _FORMAT, "findings": findings}, indent=2) + "\n"
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BaselineError(f"{display_path(path, Path.cwd())}: cannot write the baseline: {error.strerror or error}") from None
    return sum(counts.values())
