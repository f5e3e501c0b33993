"""EVL001: a file that cannot be read, decoded or parsed; found while the files are read, before any rule runs."""

from __future__ import annotations

from eventlint.checks.rule import Rule, Severity
from eventlint.facts.records import ParseFailure
from eventlint.model import Diagnostic
from eventlint.sources.discovery import SourceFile

UNPARSABLE = Rule(
    "EVL001",
    "unparsable-file",
    "a file that cannot be read, decoded or parsed",
    {"": "{reason}"},
    severity=Severity.ERROR,
    takes_noqa=False,  # a file that does not parse takes no comment
)


def unparsable_file(source: SourceFile, failure: ParseFailure) -> Diagnostic:
    """The finding of a file the run could not read, decode or parse, where `failure` says."""
    return UNPARSABLE.finding(source, failure.span, reason=failure.message)
