"""File names that are not UTF-8, made printable in every output format.

A file name is bytes; Python hands the ones that are not UTF-8 over as lone
surrogates (`surrogateescape`), which no UTF-8 output, JSON parser or SARIF
consumer accepts. Every report shows such a byte as `\\xNN`, the same way in
text, JSON, SARIF, GitHub annotations, the summary and warnings.
"""

from __future__ import annotations

import dataclasses

from eventlint.model import Diagnostic, RelatedLocation
from eventlint.report.result import InternalError, Result


def printable(text: str) -> str:
    """`text` with each byte of a non-UTF-8 file name written `\\xNN` (text without one is returned as is)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def printable_result(result: Result) -> Result:
    """The result with every path, message, notice and error printable."""
    return dataclasses.replace(
        result,
        diagnostics=tuple(_diagnostic(diagnostic) for diagnostic in result.diagnostics),
        errors=tuple(InternalError(printable(error.where), printable(error.details)) for error in result.errors),
        notices=tuple(printable(notice) for notice in result.notices),
    )


def _diagnostic(diagnostic: Diagnostic) -> Diagnostic:
    related = tuple(
        RelatedLocation(printable(location.path), location.span, printable(location.message)) for location in diagnostic.related
    )
    return dataclasses.replace(
        diagnostic,
        path=printable(diagnostic.path),
        message=printable(diagnostic.message),
        related=related,
    )
