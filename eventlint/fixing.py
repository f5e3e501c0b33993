"""Fixing a run's findings: which fixes apply, the texts they make, the diff, `# noqa` for every finding.

As in ruff: a safe fix applies with `--fix`; an unsafe one (it may change
what is seen outside the code: a class name brokers carry, when a message
leaves) only with `--unsafe-fixes` as well. Renames go across the project,
so every Python file of it is read; the rest touches only the finding's file.
Nothing here writes a file until `write()` is asked to.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventlint.config import Config
from eventlint.discovery import discover, display_path, reported_path
from eventlint.facts.text import source_lines
from eventlint.fixes import RenameRefused, add_noqa, move_publish_after_commit, rename_class
from eventlint.model import Diagnostic


@dataclass
class Plan:
    """The edited texts of a set of fixes, and what they fix, leave to `--unsafe-fixes` or refuse."""

    texts: dict[Path, str] = field(default_factory=dict)  # the new text of each file changed
    originals: dict[Path, str] = field(default_factory=dict)
    fixed: list[Diagnostic] = field(default_factory=list)
    unsafe_left: int = 0  # findings an unsafe fix would fix, with --unsafe-fixes
    refused: list[str] = field(default_factory=list)  # `path:line: CODE: why not`

    def diff(self, base: Path) -> str:
        """The changes as one unified diff, paths as reports show them."""
        chunks: list[str] = []
        for path in sorted(self.texts):
            shown = display_path(path, base)
            chunks.extend(
                difflib.unified_diff(
                    source_lines(self.originals[path], keepends=True),  # numbered as Python numbers lines
                    source_lines(self.texts[path], keepends=True),
                    fromfile=f"a/{shown}",
                    tofile=f"b/{shown}",
                )
            )
        return "".join(chunks)

    def write(self) -> list[str]:
        """Write every changed file (atomically, keeping its mode); `path: why` of each that could not be."""
        failed = []
        for path, text in sorted(self.texts.items()):
            temporary = path.with_name(f".{path.name}.eventlint-fix")
            try:
                with open(temporary, "w", encoding="utf-8", newline="") as out:
                    out.write(text)
                os.chmod(temporary, path.stat().st_mode)
                os.replace(temporary, path)
            except OSError as error:
                failed.append(f"{path}: {error.strerror or error}")
                temporary.unlink(missing_ok=True)
        return failed


class _Texts:
    """The project's texts as the fixes leave them, read once, with their module names."""

    def __init__(self, config: Config, plan: Plan) -> None:
        self.config = config
        self.plan = plan
        self._project: dict[Path, str] | None = None
        self.modules: dict[Path, str] = {}

    def get(self, path: Path) -> str:
        if path in self.plan.texts:
            return self.plan.texts[path]
        if path not in self.plan.originals:
            self.plan.originals[path] = path.read_bytes().decode("utf-8")
        return self.plan.originals[path]

    def put(self, path: Path, text: str) -> None:
        self.get(path)
        if text == self.plan.originals[path]:
            self.plan.texts.pop(path, None)
        else:
            self.plan.texts[path] = text

    def project(self) -> dict[Path, str]:
        """Every Python file of the project that decodes, with its current text."""
        if self._project is None:
            self._project = {}
            for source in discover(self.config, base=self.config.root):
                try:
                    self._project[source.path] = self.get(source.path)
                except (OSError, UnicodeDecodeError):
                    continue  # an EVL001 of its own: a rename cannot read it
                self.modules[source.path] = source.module
        return {path: self.get(path) for path in self._project}


def plan_fixes(diagnostics: Sequence[Diagnostic], config: Config, base: Path, *, unsafe: bool) -> Plan:
    """The fixes of `diagnostics` that apply: safe ones, and unsafe ones when `unsafe`."""
    plan = Plan()
    texts = _Texts(config, plan)
    offered = [(d, d.fix) for d in diagnostics if d.fix is not None]
    plan.unsafe_left = 0 if unsafe else sum(1 for _, fix in offered if not fix.safe and not fix.refused)
    wanted = [(d, fix) for d, fix in offered if unsafe or fix.safe]
    for diagnostic, fix in wanted:
        if fix.refused:  # the rule knew it cannot be made here: why, and what would make it possible
            plan.refused.append(f"{diagnostic.path}:{diagnostic.span.line}: {diagnostic.code}: {fix.refused}")
    wanted = [(d, fix) for d, fix in wanted if not fix.refused]
    # Line-based fixes first, bottom up, while lines are as the findings saw them.
    after_commit = sorted(
        ((d, fix) for d, fix in wanted if fix.action == "publish-after-commit"), key=lambda pair: (pair[0].path, -pair[0].span.line)
    )
    for diagnostic, fix in after_commit:
        path = reported_path(diagnostic.path, base)
        line, hook = fix.arguments
        try:
            moved = move_publish_after_commit(texts.get(path), int(line), hook)
        except (OSError, UnicodeDecodeError) as error:
            moved, why = None, str(error)
        else:
            why = "the publish cannot be deferred without changing what it sends"
        if moved is None:
            plan.refused.append(f"{diagnostic.path}:{diagnostic.span.line}: {diagnostic.code}: {why}")
            continue
        texts.put(path, moved)
        plan.fixed.append(diagnostic)
    renames: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for diagnostic, fix in wanted:
        if fix.action == "rename-class":
            qualname, new_name = fix.arguments
            renames[(qualname, new_name)].append(diagnostic)
    for (qualname, new_name), fixed in sorted(renames.items()):
        project = texts.project()
        try:
            edits = rename_class(
                {str(path): text for path, text in project.items()},
                {str(path): module for path, module in texts.modules.items()},
                qualname,
                new_name,
            )
        except RenameRefused as error:
            plan.refused.extend(f"{d.path}:{d.span.line}: {d.code}: {error}" for d in fixed)
            continue
        for edit in edits:
            texts.put(Path(edit.path), edit.after)
        plan.fixed.extend(fixed)
    return plan


_NOT_BY_NOQA = frozenset({"EVL001", "EVL002"})


def plan_noqa(diagnostics: Sequence[Diagnostic], base: Path) -> Plan:
    """`# noqa: CODE` on the line of every finding.

    Not for EVL001 (a file that does not parse takes no comment) nor EVL002
    (an unused `# noqa` is fixed by removing it, not by another one).
    """
    plan = Plan()
    by_file: dict[Path, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for diagnostic in diagnostics:
        if diagnostic.code not in _NOT_BY_NOQA:
            by_file[reported_path(diagnostic.path, base)][diagnostic.span.line].append(diagnostic.code)
    for path, lines in sorted(by_file.items()):
        try:
            before = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        after = add_noqa(before, {line: sorted(set(codes)) for line, codes in lines.items()})
        if after != before:
            plan.originals[path], plan.texts[path] = before, after
            plan.fixed.extend(d for d in diagnostics if d.code not in _NOT_BY_NOQA and reported_path(d.path, base) == path)
    return plan
