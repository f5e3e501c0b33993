"""Where a proposal goes, and what a first `eventlint check` with it would report.

`eventlint init --write` never overwrites a configuration: an `eventlint.toml`
or a `pyproject.toml` with `[tool.eventlint]` in the project's folder stops
it. With `--pyproject` it adds the table to the `pyproject.toml` already
there (in place, keeping its BOM and line ends), and creates nothing. It
writes only inside the project: a link leading out of it or to nothing, or a
read-only file, stops it, as does a pyproject.toml that is not TOML already.
"""

from __future__ import annotations

import codecs
import collections
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from eventlint.api import Result, lint_paths
from eventlint.checks.registry import codes_matching
from eventlint.config.loading import find_config, parse_config, too_deep
from eventlint.config.settings import CONFIG_FILE, PYPROJECT, Config
from eventlint.init.proposal import Entry, Proposal
from eventlint.init.render import render
from eventlint.init.survey import survey
from eventlint.report.result import merged
from eventlint.sources.discovery import display_path
from eventlint.sources.writing import Change, target, write_all

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_LINE_END = re.compile(r"\r\n|\r|\n")


class ExistingConfiguration(Exception):
    """The proposal cannot be written where asked; the message is one line naming the file."""


def destination(root: Path, pyproject: bool) -> Path:
    """The file the proposal would be written to; `ExistingConfiguration` when that would replace one,
    or when it cannot be written there (see `eventlint.sources.writing`)."""
    root = root.resolve()
    found = find_config(root)
    if found is not None and found.parent == root and found.is_file():  # a bad link or a pipe: said below
        what = "a [tool.eventlint] table" if found.name == PYPROJECT else "a configuration"
        raise ExistingConfiguration(f"{_shown(found)} already holds {what}; eventlint init never overwrites one")
    target_path = root / (PYPROJECT if pyproject else CONFIG_FILE)
    _, why = target(target_path, root)
    if why is not None:
        raise ExistingConfiguration(f"cannot write {_shown(target_path)}: {why}")
    if not pyproject:
        if os.path.lexists(target_path):
            raise ExistingConfiguration(f"cannot write {_shown(target_path)}: it exists and is not a configuration")
        return target_path
    if not target_path.is_file():
        raise ExistingConfiguration(
            f"--pyproject: no {_shown(target_path)} to add [tool.eventlint] to (without --pyproject, init writes {CONFIG_FILE})"
        )
    _appended(target_path, "")  # a pyproject.toml it could not add to stops here, before the survey
    return target_path


def _appended(pyproject: Path, table: str) -> tuple[bytes, bytes]:
    """The bytes of a pyproject.toml, and those with `table` added, as its lines end and with its BOM."""
    data = pyproject.read_bytes()
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        existing = data[len(bom) :].decode("utf-8")
        tomllib.loads(existing)
    except UnicodeDecodeError:
        raise ExistingConfiguration(f"cannot write {_shown(pyproject)}: it is not UTF-8, so not TOML") from None
    except tomllib.TOMLDecodeError as error:
        raise ExistingConfiguration(f"cannot add to {_shown(pyproject)}: it is not valid TOML ({error})") from None
    except (RecursionError, MemoryError) as error:
        raise ExistingConfiguration(f"cannot add to {_shown(pyproject)}: it is not valid TOML ({too_deep(error)})") from None
    common = collections.Counter(_LINE_END.findall(existing)).most_common(1)
    newline = common[0][0] if common else "\n"
    separator = "" if not existing else newline if existing.endswith(newline) else newline * 2
    added = existing + separator + table.replace("\n", newline)
    return data, bom + added.encode("utf-8")


def write_proposal(root: Path, text: str, pyproject: bool, separate: Sequence[tuple[Path, str]] = ()) -> list[Path]:
    """Write the proposal: a new `eventlint.toml`, or the table appended to `pyproject.toml`, and an
    `eventlint.toml` in each folder of `separate`; all of them or none. The files written.

    In place and only inside the project (`eventlint.sources.writing`); `ExistingConfiguration` names what stopped it.
    """
    path = destination(root, pyproject)
    if pyproject:
        before, after = _appended(path, text)
        changes = [Change(path, before, after)]
    else:
        changes = [Change(path, None, text.encode("utf-8"))]
    changes.extend(Change(destination(folder, False), None, part.encode("utf-8")) for folder, part in separate)
    problems = write_all(changes, root.resolve())
    if problems:
        raise ExistingConfiguration(f"cannot write {_shown(problems[0].path)}: {problems[0]}")
    return [change.path for change in changes]


def proposed_config(root: Path, text: str, pyproject: bool) -> Config:
    """The proposal read by the real configuration loader, as if it were the project's file."""
    root = root.resolve()
    name = PYPROJECT if pyproject else CONFIG_FILE
    return parse_config(
        text, root=root, source=root / name, display=_shown(root / name), pyproject=pyproject, rule_codes=codes_matching
    )


def first_check(root: Path, text: str, pyproject: bool = False, *, jobs: int | None = None, apart: Sequence[Path] = ()) -> Result:
    """What `eventlint check` would report on the project with the proposal as its configuration
    (the folders `apart` aside: they have configurations of their own)."""
    config = proposed_config(root, text, pyproject)
    aside = tuple("/" + folder.resolve().relative_to(root.resolve()).as_posix() + "/" for folder in apart)
    return lint_paths([], replace(config, exclude=config.exclude + aside), cache=False, jobs=jobs)


def _shown(path: Path) -> str:
    return display_path(path, Path.cwd())


def first_check_summary(result: Result) -> list[str]:
    """What a first check would report, as lines for standard error: a count per rule, then any warning."""
    counts = collections.Counter((d.code, d.name) for d in result.diagnostics)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not counts:
        lines = [f"a first `eventlint check` with this configuration would report no findings ({files})"]
    else:
        total = len(result.diagnostics)
        lines = [
            f"a first `eventlint check` with this configuration would report {total} finding{'s' if total != 1 else ''} ({files}):"
        ]
        lines.extend(f"{count:5d}  {code}  {name}" for (code, name), count in sorted(counts.items()))
    lines.extend(f"warning: {notice}" for notice in result.notices)
    return lines


@dataclass(frozen=True)
class InitOutcome:
    """What `eventlint init` prints: the proposal (empty once written) and the lines for standard error."""

    text: str
    messages: tuple[str, ...]
    failed: bool  # an internal error happened while checking the proposal


def _outside(proposal: Proposal) -> Proposal:
    """The proposal for what is left of the repository beside the services configured apart: its roots and
    exclusions outside them (a check leaves their folders to their own configurations)."""
    folders = [entry.value.rstrip("/") + "/" for entry in proposal.separate]

    def outside(entry: Entry) -> bool:
        return not any((entry.value.rstrip("/") + "/").startswith(folder) for folder in folders)

    src = tuple(entry for entry in proposal.src if outside(entry)) or (Entry(".", "the code beside the services"),)
    return Proposal(src, exclude=tuple(entry for entry in proposal.exclude if outside(entry)), separate=proposal.separate)


def propose_configuration(root: Path, *, write: bool = False, pyproject: bool = False, jobs: int | None = None) -> InitOutcome:
    """Propose a configuration for the project at `root`, check the project with it, and write it if asked.

    Raises `ExistingConfiguration` when asked to write where a configuration already is; without
    `write` that is only a note, and the proposal is printed.
    """
    messages: list[str] = []
    try:
        destination(root, pyproject)
    except ExistingConfiguration as existing:
        if write:
            raise
        messages.append(f"note: {existing}: the proposal is only printed")
    proposal = survey(root, jobs=jobs)
    separate = [
        (root / entry.value, render(survey(root / entry.value, jobs=jobs, read=proposal.bases))) for entry in proposal.separate
    ]
    text = render(_outside(proposal) if separate else proposal, pyproject=pyproject)
    if write:
        for folder, _ in separate:
            destination(folder, False)  # stops before anything is written
    results = [first_check(root, text, pyproject, jobs=jobs, apart=[folder for folder, _ in separate])]
    results.extend(first_check(folder, part, jobs=jobs) for folder, part in separate)
    result = merged(results)
    if write:
        written = ", ".join(_shown(path) for path in write_proposal(root, text, pyproject, separate))
        messages.append(f"wrote the proposal to {written}")
    elif separate:
        folders = ", ".join(_shown(folder) for folder, _ in separate)
        messages.append(f"note: {folders} each need a configuration of their own; `eventlint init --write` writes them too")
    messages.extend(first_check_summary(result))
    messages.extend(f"internal error in {error.where} (please report it):\n{error.details}" for error in result.errors)
    return InitOutcome("" if write else text, tuple(messages), bool(result.errors))
