"""EVL002: a `# noqa` that suppresses nothing; found while the suppressions are applied, after every other rule."""

from __future__ import annotations

from eventlint.checks.rule import Rule
from eventlint.model import Diagnostic, Span
from eventlint.sources.discovery import SourceFile

UNUSED_NOQA = Rule(
    "EVL002",
    "unused-noqa",
    "a `# noqa` eventlint code that suppresses nothing where it stands",
    {
        "": "`# noqa: {code}` suppresses nothing here: remove it",
        "not-enabled": "`# noqa: {code}` suppresses nothing here: {code} is not enabled",
    },
    default_on=False,
    takes_noqa=False,  # an unused `# noqa` is fixed by removing it, not by another one
)


def unused_noqa_code(source: SourceFile, span: Span, code: str, *, enabled: bool) -> Diagnostic:
    """The finding of `code`, written at `span` in a `# noqa` comment where it suppressed nothing.

    `enabled` says whether a rule it covers runs; when none does, the finding
    says so instead of asking for the comment to be removed.
    """
    return UNUSED_NOQA.finding(source, span, "" if enabled else "not-enabled", code=code)
