"""What keeps a finding from being reported: selection, per-file ignores, noqa comments."""

from __future__ import annotations

from collections.abc import Iterable

from eventlint.codes import CODES, codes_matching
from eventlint.config import Config
from eventlint.discovery import glob_matches
from eventlint.facts import ModuleFacts
from eventlint.model import Diagnostic


def enabled_codes(config: Config) -> frozenset[str]:
    """The codes a run reports: selected (default: every rule on by default), not ignored.

    As in ruff, the more specific selector wins: `select = ["EVL201"]` with
    `ignore = ["EVL2"]` keeps EVL201.
    """
    weight: dict[str, tuple[int, bool]] = {}
    if config.select is None:
        for row in CODES:
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

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        """Whether a comment on the reported line, or the statement's first or last, covers it."""
        return self.suppressor(diagnostic) is not None

    def suppressor(self, diagnostic: Diagnostic) -> tuple[int, str | None] | None:
        """The comment that covers a finding: its line, and the code that matched (None: a bare noqa)."""
        lines = {diagnostic.span.line}
        for first, last in self._statements:
            if first <= diagnostic.span.line <= last:
                lines.update((first, last))
        for line in sorted(lines):
            if line in self._by_line:
                codes = self._by_line[line]
                if codes is None:
                    return line, None
                for code in codes:
                    if diagnostic.code.startswith(code):
                        return line, code
        return None

    def unused(self, used: set[tuple[int, str | None]], enabled: frozenset[str]) -> list[tuple[int, str, bool]]:
        """The eventlint codes of the comments that suppressed nothing: (line, code, whether it is enabled)."""
        found = []
        for line, codes in sorted(self._by_line.items()):
            for code in codes or ():
                known = codes_matching(code)
                if code.startswith("EVL") and known and (line, code) not in used:
                    found.append((line, code, any(name in enabled for name in known)))
        return found
