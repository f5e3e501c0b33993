"""The progress line of a long run on an interactive terminal."""

from __future__ import annotations

from typing import TextIO


class ProgressIndicator:
    """`eventlint: reading 1200/5000 files`, then the phase the run is in (`indexing the project`,
    `checking EVL201 ...`), on an interactive stderr, for long runs only."""

    EVERY = 100  # files between updates; short runs never show it

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if done and done % self.EVERY == 0:
            self._show(f"reading {done}/{total} files")

    def phase(self, text: str) -> None:
        """A phase after reading began; shown only in a run long enough to show the reading."""
        if self.shown:
            self._show(text)

    def _show(self, text: str) -> None:
        self.stream.write(f"\r\x1b[Keventlint: {text}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the indicator line before the report."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
