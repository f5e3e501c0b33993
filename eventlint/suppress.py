"""What keeps a finding from being reported: selection, per-file ignores, noqa comments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from eventlint.codes import codes_matching, registry
from eventlint.config import Config
from eventlint.checks.reading import UNUSED_NOQA
from eventlint.discovery import display_path, glob_matches
from eventlint.engine import FileState
from eventlint.facts import ModuleFacts
from eventlint.facts.text import honouring_lines
from eventlint.model import Diagnostic, Span


def enabled_codes(config: Config) -> frozenset[str]:
    """The codes a run reports: selected (default: every rule on by default), not ignored.

    As in ruff, the more specific selector wins: `select = ["EVL201"]` with
    `ignore = ["EVL2"]` keeps EVL201.
    """
    weight: dict[str, tuple[int, bool]] = {}
    if config.select is None:
        for row in registry():
            if row.default_on:
                weight[row.code] = (0, True)
    for selectors, on in ((config.select or (), True), (config.ignore, False)):
        for selector in selectors:
            strength = 0 if selector == "ALL" else len(selector)
            for code in codes_matching(selector):
                current = weight.get(code)
                if current is None or strength >= current[0]:
                    weight[code] = (strength, on)
    return frozenset(code for code, (_, on) in weight.items() if on)


def _covered(code: str, selectors: Iterable[str]) -> bool:
    return any(code.startswith(selector) for selector in selectors)


def ignored_by_path(config: Config, relpath: str, code: str) -> bool:
    """Whether `per-file-ignores` switches `code` off for a file (path relative to the root)."""
    return any(glob_matches(pattern, relpath) and _covered(code, codes) for pattern, codes in config.per_file_ignores)


class NoqaComments:
    """The `# noqa` comments of one file, with its multi-line statements' first and last lines."""

    def __init__(self, facts: ModuleFacts) -> None:
        self._by_line = dict(facts.noqa)
        self._statements = facts.statements
        self._columns = {(line, code): column for line, code, column in facts.noqa_columns}

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        """Whether a comment on the reported line, or the statement's first or last, covers it."""
        return self.suppressor(diagnostic) is not None

    def suppressor(self, diagnostic: Diagnostic) -> tuple[int, str | None] | None:
        """The comment that covers a finding: its line, and the code that matched (None: a bare noqa).

        Of several comments that would cover it, the first in `honouring_lines`
        order is credited: the one `--add-noqa` would have written.
        """
        for line in honouring_lines(diagnostic.span.line, self._statements):
            if line in self._by_line:
                codes = self._by_line[line]
                if codes is None:
                    return line, None
                for code in codes:
                    if diagnostic.code.startswith(code):
                        return line, code
        return None

    def unused(self, used: set[tuple[int, str | None]], enabled: frozenset[str]) -> list[tuple[Span, str, bool]]:
        """The eventlint codes of the comments that suppressed nothing: (where the code is written, code, whether it is enabled)."""
        found = []
        for line, codes in sorted(self._by_line.items()):
            for code in codes or ():
                known = codes_matching(code)
                if code.startswith("EVL") and known and (line, code) not in used:
                    column = self._columns.get((line, code), 1)
                    found.append((Span(line, column, line, column + len(code)), code, any(name in enabled for name in known)))
        return found


# -- applied to a run's findings ----------------------------------------------------
def invalid_directives(states: Iterable[FileState]) -> list[tuple[str, int, str]]:
    """(path, line, why) of every `# noqa` that suppresses nothing: malformed, or naming no eventlint rule."""
    found: list[tuple[str, int, str]] = []
    for state in states:
        facts = state.outcome if isinstance(state.outcome, ModuleFacts) else None
        if facts is None:
            continue
        problems = list(facts.invalid_noqa)
        for line, codes in facts.noqa:
            for code in codes or ():
                if code.startswith("EVL") and not codes_matching(code):
                    problems.append((line, f"`{code}` is no eventlint rule"))
        found.extend((state.source.display, line, why) for line, why in sorted(problems))
    return found


def unused_noqa(
    states: Iterable[FileState], config: Config, enabled: frozenset[str], used: Mapping[str, set[tuple[int, str | None]]]
) -> Iterator[Diagnostic]:
    """EVL002: the eventlint codes of `# noqa` comments that suppressed nothing where they stand."""
    for state in states:
        facts = state.outcome if isinstance(state.outcome, ModuleFacts) else None
        if facts is None or facts.skip_file or not facts.noqa:
            continue
        if ignored_by_path(config, display_path(state.source.path, config.root), "EVL002"):
            continue
        for span, code, active in NoqaComments(facts).unused(used.get(state.source.display, set()), enabled):
            why = "remove it" if active else f"{code} is not enabled"
            yield UNUSED_NOQA.finding(state.source, span, code=code, why=why)


def reportable(
    diagnostic: Diagnostic,
    states: Mapping[str, FileState],
    config: Config,
    enabled: frozenset[str],
    noqa: dict[str, NoqaComments],
    used: dict[str, set[tuple[int, str | None]]],
) -> bool:
    """Whether a finding is reported: enabled, not ignored for its file, not under a `# noqa` (noted in `used`)."""
    if diagnostic.code not in enabled:
        return False
    state = states[diagnostic.path]
    relpath = display_path(state.source.path, config.root)
    if ignored_by_path(config, relpath, diagnostic.code):
        return False
    facts = state.outcome if isinstance(state.outcome, ModuleFacts) else None
    if facts is None:
        return True
    if facts.skip_file:
        return False
    if diagnostic.path not in noqa:
        noqa[diagnostic.path] = NoqaComments(facts)
    suppressor = noqa[diagnostic.path].suppressor(diagnostic)
    if suppressor is None:
        return True
    used.setdefault(diagnostic.path, set()).add(suppressor)
    return False
