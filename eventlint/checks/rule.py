"""What a rule is: one declaration of its code, slug, summary, messages, default, severity, options, fix,
the side of a flow it marks, and its check.

As Fixit's `LintRule` and ruff's violations: everything users rely on about
a rule lives in the one object its module declares, and the ordered list in
`eventlint.checks.registry` registers it. Its document in `rules/` explains it and is
the source of its examples.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventlint.config.keys import Key
from eventlint.model import Diagnostic, FixAction, FixArguments, RelatedLocation, Span, Suggestion

if TYPE_CHECKING:
    from eventlint.index.catalogue import EventClass
    from eventlint.index.project import Project
    from eventlint.sources.discovery import SourceFile


class Severity(enum.Enum):
    """How serious a rule's findings are: SARIF's `level`, the editor's severity."""

    ERROR = "error"  # eventlint could not judge what it should have
    WARNING = "warning"


class FlowSide(enum.Enum):
    """Which flows between bounded contexts a rule's findings mark on the context map (`eventlint map`).

    A finding marks a flow of its own event only.
    """

    CONSUMER = "consumer"  # flows into the finding's context; a domain event used there flows there, handled or not
    UNDECLARED = "undeclared"  # flows into the finding's context that the relationships do not declare
    PUBLISHER = "publisher"  # flows out of the finding's context
    HANDLER = "handler"  # flows out of the finding's context, to the context of the handler first related (else all)
    EVENT = "event"  # every flow of the event: the finding is about the event's own definition


class Safety(str, enum.Enum):
    """Whether applying a fix keeps everything seen outside the code as it was (ruff's applicability)."""

    SAFE = "safe"
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes


@dataclass(frozen=True)
class Fix:
    """How a rule's findings are fixed: the rewrite (`action`), its title template and its safety."""

    action: FixAction  # which rewrite of `eventlint.fixes` applies it
    title: str  # a template over the finding's values, e.g. "Rename `{name}` to `{expected}`"
    safety: Safety
    why: str = ""  # for an unsafe fix: what it may change


@dataclass(frozen=True)
class Rule:
    """A rule, whole: identity, default, severity, messages by variant, options, fix, map side and check.

    `check` is None for the findings met on the way rather than judged from
    the index: EVL001 while the files are read, EVL002 while the suppressions
    are applied; their modules make those findings for the stage that meets them.
    """

    code: str
    name: str
    summary: str
    messages: Mapping[str, str]  # variant ("" the main one) -> template over named values
    check: Callable[[Project], Iterator[Diagnostic]] | None = field(default=None, compare=False)
    default_on: bool = True
    options: tuple[Key, ...] = ()  # the configuration keys it reads, as `eventlint.config.keys` declares them
    fix: Fix | None = None
    severity: Severity = Severity.WARNING
    marks: FlowSide | None = None  # the side of a flow between contexts its findings mark (None: no flow)
    takes_noqa: bool = True  # whether `--add-noqa` answers a finding with a `# noqa` comment

    def message(self, variant: str = "", **values: object) -> str:
        """The text of a finding: the variant's template filled with `values`."""
        return self.messages[variant].format(**values)

    def finding(
        self,
        source: SourceFile,
        span: Span,
        variant: str = "",
        *,
        context: str | None = None,
        event: EventClass | str | None = None,
        related: tuple[RelatedLocation, ...] = (),
        fix: FixArguments | None = None,
        unfixable: str | None = None,
        **values: object,
    ) -> Diagnostic:
        """A diagnostic at `span` of `source`; `fix` gives the rule's fix its arguments (None: not fixable here).

        `unfixable`, with no `fix`, says why the rule's fix cannot be made here and what would make it possible:
        `--fix` shows it, and no code action is offered.
        """
        suggestion = None
        if self.fix is not None and (fix is not None or unfixable):
            suggestion = Suggestion(
                self.fix.action,
                self.fix.title.format(**values),
                self.fix.safety is Safety.SAFE,
                fix,
                "" if fix is not None else unfixable or "",
            )
        return Diagnostic(
            code=self.code,
            name=self.name,
            message=self.message(variant, **values),
            path=source.display,
            span=span,
            context=context,
            event=event if event is None or isinstance(event, str) else event.qualname,
            related=related,
            fix=suggestion,
        )
