"""What a rule is, and how it words a finding."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from eventlint.catalogue import EventClass
from eventlint.codes import BY_CODE, RuleCode
from eventlint.discovery import SourceFile
from eventlint.model import Diagnostic, RelatedLocation, Span
from eventlint.project import Project


@dataclass(frozen=True)
class Rule:
    """A rule: its code (name, summary and default come from the code table) and its check."""

    code: str
    check: Callable[[Project], Iterator[Diagnostic]]

    @property
    def info(self) -> RuleCode:
        """The rule's row of the central code table."""
        return BY_CODE[self.code]


def finding(
    code: str,
    message: str,
    source: SourceFile,
    span: Span,
    *,
    context: str | None = None,
    event: EventClass | str | None = None,
    related: tuple[RelatedLocation, ...] = (),
) -> Diagnostic:
    """A diagnostic of `code` at `span` of `source`; `event` is the class or its qualified name."""
    return Diagnostic(
        code=code,
        name=BY_CODE[code].name,
        message=message,
        path=source.display,
        span=span,
        context=context,
        event=event.qualname if isinstance(event, EventClass) else event,
        related=related,
    )


def defined_here(event: EventClass) -> RelatedLocation:
    """The related location pointing at an event's class definition."""
    return RelatedLocation(event.source.display, event.span, f"`{event.name}` is defined here")
