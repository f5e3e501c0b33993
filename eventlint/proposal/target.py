"""Where a proposal goes, and what a first `eventlint check` with it would report.

`eventlint init --write` never overwrites a configuration: an `eventlint.toml`
or a `pyproject.toml` with `[tool.eventlint]` in the project's folder stops
it. With `--pyproject` it adds the table to the `pyproject.toml` already
there, and creates nothing.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path

from eventlint.api import Result, lint_paths
from eventlint.config import CONFIG_FILE, PYPROJECT, Config
from eventlint.configfile import find_config, parse_config
from eventlint.discovery import display_path
from eventlint.proposal.render import render
from eventlint.proposal.survey import survey


class ExistingConfiguration(Exception):
    """The proposal cannot be written where asked; the message is one line naming the file."""


def destination(root: Path, pyproject: bool) -> Path:
    """The file the proposal would be written to; `ExistingConfiguration` when that would replace one."""
    root = root.resolve()
    found = find_config(root)
    if found is not None and found.parent == root:
        what = "a [tool.eventlint] table" if found.name == PYPROJECT else "a configuration"
        raise ExistingConfiguration(f"{_shown(found)} already holds {what}; eventlint init never overwrites one")
    if not pyproject:
        return root / CONFIG_FILE
    target = root / PYPROJECT
    if not target.is_file():
        raise ExistingConfiguration(
            f"--pyproject: no {_shown(target)} to add [tool.eventlint] to (without --pyproject, init writes {CONFIG_FILE})"
        )
    return target


def write_proposal(root: Path, text: str, pyproject: bool) -> Path:
    """Write the proposal: a new `eventlint.toml`, or the table appended to `pyproject.toml`; the file written."""
    target = destination(root, pyproject)
    if pyproject:
        existing = target.read_text(encoding="utf-8")
        separator = "" if not existing else "\n" if existing.endswith("\n") else "\n\n"
        target.write_text(existing + separator + text, encoding="utf-8")
    else:
        target.write_text(text, encoding="utf-8")
    return target


def proposed_config(root: Path, text: str, pyproject: bool) -> Config:
    """The proposal read by the real configuration loader, as if it were the project's file."""
    root = root.resolve()
    name = PYPROJECT if pyproject else CONFIG_FILE
    return parse_config(text, root=root, source=root / name, display=_shown(root / name), pyproject=pyproject)


def first_check(root: Path, text: str, pyproject: bool = False, *, jobs: int | None = None) -> Result:
    """What `eventlint check` would report on the project with the proposal as its configuration."""
    return lint_paths([], proposed_config(root, text, pyproject), cache=False, jobs=jobs)


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
        lines = [f"a first `eventlint check` with this configuration would report {total} finding{'s' if total != 1 else ''} ({files}):"]
        lines.extend(f"{count:5d}  {code}  {name}" for (code, name), count in sorted(counts.items()))
    lines.extend(f"warning: {notice}" for notice in result.notices)
    return lines


@dataclass(frozen=True)
class InitOutcome:
    """What `eventlint init` prints: the proposal (empty once written) and the lines for standard error."""

    text: str
    messages: tuple[str, ...]
    failed: bool  # an internal error happened while checking the proposal


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
    text = render(survey(root, jobs=jobs), pyproject=pyproject)
    result = first_check(root, text, pyproject, jobs=jobs)
    if write:
        messages.append(f"wrote the proposal to {_shown(write_proposal(root, text, pyproject))}")
    messages.extend(first_check_summary(result))
    messages.extend(f"internal error in {error.where} (please report it):\n{error.details}" for error in result.errors)
    return InitOutcome("" if write else text, tuple(messages), bool(result.errors))
