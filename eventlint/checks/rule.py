"""What a rule is: one declaration of its code, slug, summary, messages, default, options, fix and check.

As Fixit's `LintRule` and ruff's violations: everything users rely on about
a rule lives in the one object its module declares, and the ordered list in
`eventlint.checks` registers it. Its document in `rules/` explains it and is
the source of its examples.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventlint.config.keys import Key
from eventlint.model import Diagnostic, RelatedLocation, Span, Suggestion

if TYPE_CHECKING:
    from eventlint.index.catalogue import EventClass
    from eventlint.index.project import Project
    from eventlint.sources.discovery import SourceFile


class Safety(str, enum.Enum):
    """Whether applying a fix keeps everything seen outside the code as it was (ruff's applicability)."""

    SAFE = "safe"
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes


@dataclass(frozen=True)
class Fix:
    """How a rule's findings are fixed: the rewrite (`action`), its title template and its safety."""

    action: str  # "rename-class", "publish-after-commit": which rewrite of `eventlint.fixes` applies it
    title: str  # a template over the finding's values, e.g. "Rename `{name}` to `{expected}`"
    safety: Safety
    why: str = ""  # for an unsafe fix: what it may change


@dataclass(frozen=True)
class Rule:
    """A rule, whole: identity, default, messages by variant, options, fix and check.

    `check` is None for the findings the engine itself makes (EVL001 while
    reading files, EVL002 while applying suppressions).
    """

    code: str
    name: str
    summary: str
    messages: Mapping[str, str]  # variant ("" the main one) -> template over named values
    check: Callable[[Project], Iterator[Diagnostic]] | None = field(default=None, compare=False)
    default_on: bool = True
    options: tuple[Key, ...] = ()  # the configuration keys it reads, as `eventlint.config.keys` declares them
    fix: Fix | None = None

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
        fix: tuple[str, ...] | None = None,
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
                fix or (),
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
