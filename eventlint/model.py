"""Plain data shared by every stage: spans, diagnostics, event kinds."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class EventKind(str, enum.Enum):
    """The two kinds of event eventlint keeps apart."""

    DOMAIN = "domain"
    INTEGRATION = "integration"

    @property
    def suffix(self) -> str:
        """The class-name suffix an event of this kind carries."""
        return "DomainEvent" if self is EventKind.DOMAIN else "IntegrationEvent"

    @property
    def label(self) -> str:
        """How messages name the kind."""
        return f"{self.value} event"

    @property
    def with_article(self) -> str:
        """The kind with its indefinite article: `a domain event`, `an integration event`."""
        return f"{'an' if self is EventKind.INTEGRATION else 'a'} {self.label}"


class Span(NamedTuple):
    """A 1-based source range: line and column of the start and the end."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class RelatedLocation:
    """A second place a diagnostic points at, such as where the event is defined."""

    path: str
    span: Span
    message: str


@dataclass(frozen=True)
class Suggestion:
    """The fix a finding offers: which rewrite, its title, whether it is safe, and the rewrite's arguments."""

    action: str
    title: str
    safe: bool
    arguments: tuple[str, ...]
    refused: str = ""  # why this finding's fix cannot be made (then it offers none), and what would make it possible


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a rule's code and slug, where it is, and what it concerns."""

    code: str
    name: str
    message: str
    path: str
    span: Span
    context: str | None = None
    event: str | None = None
    related: tuple[RelatedLocation, ...] = field(default=(), compare=False)
    symbol: str | None = None  # the class or function the finding stands in (None: module level)
    fix: Suggestion | None = field(default=None, compare=False)

    @property
    def line(self) -> int:
        """1-based line of the start."""
        return self.span.line

    @property
    def column(self) -> int:
        """1-based column of the start."""
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str]:
        """The order findings are reported in: path, then position, then code."""
        return (self.path, self.span.line, self.span.column, self.code)
