"""The `# noqa` comments of one file, and which of them covers a finding on a given line."""

from __future__ import annotations

from eventlint.facts.records import ModuleFacts
from eventlint.facts.source_text import honouring_lines
from eventlint.model import Diagnostic


class NoqaComments:
    """The `# noqa` comments of one file, with its multi-line statements' first and last lines, and where each code is written."""

    def __init__(self, facts: ModuleFacts) -> None:
        self._by_line = dict(facts.noqa)
        self._statements = facts.statements
        self._columns = {(line, code): column for line, code, column in facts.noqa_columns}

    def codes(self) -> list[tuple[int, str, int]]:
        """Each code a `# noqa:` comment lists: (line, code, 1-based column where it is written), in line order."""
        return [
            (line, code, self._columns.get((line, code), 1))
            for line, codes in sorted(self._by_line.items())
            for code in codes or ()
        ]

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
