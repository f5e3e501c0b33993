"""Plain data shared by every stage: spans, diagnostics, event kinds, dispatch roles, fixes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple, TypeAlias


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


class Role(str, enum.Enum):
    """What a call does to an event, as the `[dispatch]` patterns its callee matches say."""

    BROKER = "broker"  # sends it to a message broker
    LOCAL = "local"  # dispatches it in-process, synchronously
    OUTBOX = "outbox"  # writes it to a transactional outbox
    COMMIT = "commit"  # commits the unit of work
    TRANSACTION = "transaction"  # a context manager or decorator that commits on exit
    AFTER_COMMIT = "after_commit"  # a hook whose callback runs after the commit
    SUBSCRIBER = "subscriber"  # a decorator registering a function as an event handler

    @property
    def key(self) -> str:
        """The `[dispatch]` key users write for the role: `after-commit` for `AFTER_COMMIT`."""
        return self.value.replace("_", "-")


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


class FixAction(str, enum.Enum):
    """Which rewrite of `eventlint.fixes` makes a fix."""

    RENAME_CLASS = "rename-class"
    PUBLISH_AFTER_COMMIT = "publish-after-commit"


@dataclass(frozen=True)
class RenameClass:
    """A class renamed across the project: the class, and its new name."""

    action: ClassVar[FixAction] = FixAction.RENAME_CLASS
    qualname: str
    new_name: str


@dataclass(frozen=True)
class PublishAfterCommit:
    """A publish deferred into an after-commit hook: the 1-based line its statement starts on, the hook as written there."""

    action: ClassVar[FixAction] = FixAction.PUBLISH_AFTER_COMMIT
    line: int
    hook: str


FixArguments: TypeAlias = RenameClass | PublishAfterCommit  # the arguments of each action


@dataclass(frozen=True)
class Suggestion:
    """The fix a finding offers: which rewrite, its title, whether it is safe, and the rewrite's arguments."""

    action: FixAction
    title: str
    safe: bool
    arguments: FixArguments | None  # None when the fix is refused
    refused: str = ""  # why this finding's fix cannot be made (then it offers none), and what would make it possible

    def __post_init__(self) -> None:
        if self.arguments is not None and self.arguments.action is not self.action:
            raise TypeError(f"{self.action.value} fix given the arguments of {self.arguments.action.value}")


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
