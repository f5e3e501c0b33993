"""What a fix hands back: one file's text before and after, or why a rename was not made."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """One file's new text, under the key (path) it was given."""

    path: str
    before: str
    after: str


class RenameRefused(ValueError):
    """A rename that cannot be made safely: no file is changed, `reason` says why.

    `path` and `line` (1-based) name the place at fault when there is one.
    """

    def __init__(self, reason: str, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path is not None and line is not None else f"{path}: " if path else ""
        super().__init__(f"{where}{reason}")
        self.reason = reason
        self.path = path
        self.line = line
