"""What a run found, as every output reads it: the diagnostics, the files reported on, internal errors."""

from __future__ import annotations

from dataclasses import dataclass

from eventlint.model import Diagnostic


@dataclass(frozen=True)
class InternalError:
    """A bug met in one stage (a file, a rule, the index, ...); the rest was still checked."""

    where: str
    details: str


@dataclass(frozen=True)
class Result:
    """What a run found: sorted diagnostics, how many files were reported on, internal errors.

    `notices` are warnings about the run itself (a cache that could not be written).
    """

    diagnostics: tuple[Diagnostic, ...]
    files: int
    errors: tuple[InternalError, ...] = ()
    notices: tuple[str, ...] = ()
    baselined: int = 0  # findings a baseline hid
