"""Where a check speaks: lines on standard error, text and the report on standard output, a progress line."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from eventlint.report.progress import ProgressIndicator
from eventlint.report.result import InternalError
from eventlint.sources.discovery import display_path


@dataclass(frozen=True)
class Console:
    """The terminal a run reports to, as the command line prints to it.

    `say` writes a line on standard error and `show` text on standard output; the report goes to `out`.
    `progress` makes the progress line of one lint (None: no progress line); `quiet` keeps to itself
    what is neither a finding, an error nor a problem (counts, notices, warnings).
    """

    say: Callable[[str], None]
    show: Callable[[str], None]
    out: TextIO
    progress: Callable[[], ProgressIndicator] | None = None
    quiet: bool = False

    def note(self, line: str) -> None:
        """Say `line` unless quiet."""
        if not self.quiet:
            self.say(line)

    def warn(self, notice: str) -> None:
        """A warning about the run itself (a cache that could not be written), unless quiet."""
        self.note(f"eventlint: warning: {notice}")

    def internal_error(self, error: InternalError) -> None:
        """A bug met in one stage, always said."""
        self.say(f"eventlint: internal error in {error.where} (please report it):\n{error.details}")

    @contextlib.contextmanager
    def indicator(self) -> Iterator[ProgressIndicator | None]:
        """The progress line of one lint, erased after it."""
        indicator = self.progress() if self.progress is not None else None
        try:
            yield indicator
        finally:
            if indicator is not None:
                indicator.clear()


def shown_paths(paths: Sequence[Path]) -> str:
    """Paths as the user would type them: relative to the current directory when below it."""
    cwd = Path.cwd()
    shown = [display_path(path, cwd) if path != cwd else "." for path in paths]
    return ", ".join(shown) if shown else "."
