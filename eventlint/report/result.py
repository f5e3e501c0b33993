"""What a run found, as every output reads it: the diagnostics, the files reported on, internal errors."""

from __future__ import annotations

from collections.abc import Sequence
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


def merged(results: Sequence[Result]) -> Result:
    """The results of several projects as one run's."""
    if len(results) == 1:
        return results[0]
    diagnostics = sorted((d for result in results for d in result.diagnostics), key=Diagnostic.sort_key)
    return Result(
        tuple(diagnostics),
        sum(result.files for result in results),
        tuple(error for result in results for error in result.errors),
        tuple(dict.fromkeys(notice for result in results for notice in result.notices)),
        sum(result.baselined for result in results),
    )
