"""EVL302: an integration event leaves for the broker only once its transaction has committed.

When a publish runs relative to its transaction is `eventlint.checks.timing`'s
backward pass; where it can be deferred to, `eventlint.checks.deferral`.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import (
    AFTER_COMMIT,
    BROKER,
    COMMIT,
    DISABLE_PRESETS,
    INTEGRATION_BASES,
    OUTBOX,
    TRANSACTION,
    Fix,
    Rule,
    Safety,
)
from eventlint.checks.deferral import FunctionDeferrals
from eventlint.checks.rule import FlowSide
from eventlint.checks.timing import Timing
from eventlint.checks.timing import timings as _timings  # EVL302's own name for it: a test replaces it
from eventlint.index.function_roles import publishes, publishing_call
from eventlint.index.project import Project
from eventlint.model import Diagnostic, FixAction, PublishAfterCommit, RelatedLocation


def check_before_commit(project: Project) -> Iterator[Diagnostic]:
    """EVL302: a broker publish of an integration event inside a transaction or before its commit."""
    calls = project.calls
    publishers = frozenset(key for keys in project.publishers_by_module.values() for key in keys)
    names = frozenset(key.rpartition(".")[2] for key in publishers)
    for key, module, function in project.judged_functions():
        if function.is_lambda:
            continue
        sites = calls.by_function.get(key, [])
        published = {id(site): publishes(site) for site in sites}
        calling = {
            id(site)
            for site in sites
            if not published[id(site)] and site.may_target(names) and site.target in publishers and site.target != key
        }
        if not calling and not any(published.values()):
            continue  # nothing here publishes: whatever it commits, no timing to judge
        source = calls.index.modules[module].source
        timing: dict[int, Timing] = calls.isolated(key, source, lambda: _timings(calls, key, function, sites), {})  # noqa: B023
        context = project.contexts.context_of(module)
        deferrals: FunctionDeferrals | None = None  # where its publishes can be deferred to, once one needs it
        for site in sites:
            when = timing.get(id(site.step))
            if when is None or not when.premature:
                continue
            why = when.why
            if published[id(site)]:
                deferrals = deferrals or FunctionDeferrals(project, key, module, function)
                deferral = deferrals.of(site)  # the fix: the hook of the transaction it is about, or why none
            for carried in published[id(site)]:
                yield BEFORE_COMMIT.finding(
                    site.source,
                    site.step.span,
                    context=context,
                    event=carried.event,
                    fix=PublishAfterCommit(site.step.span.line, deferral.hook) if deferral.hook is not None else None,
                    unfixable=deferral.refused or None,
                    event_phrase=carried.phrase,
                    why=why,
                )
            if id(site) not in calling or site.target is None:
                continue
            inner = publishing_call(calls.by_function[site.target])
            if inner is None:
                continue
            carried = publishes(inner)[0]
            yield BEFORE_COMMIT.finding(
                site.source,
                site.step.span,
                "through-call",
                context=context,
                event=carried.event,
                related=(RelatedLocation(inner.source.display, inner.step.span, "published here"),),
                function=site.target.rpartition(".")[2],
                event_phrase=carried.phrase,
                why=why,
            )


BEFORE_COMMIT = Rule(
    "EVL302",
    "integration-event-before-commit",
    "an integration event published to a broker inside a transaction or before its commit",
    {
        "": "{event_phrase} is published to the broker {why}; publish after commit, or write it to an outbox in the transaction",
        "through-call": "`{function}` publishes {event_phrase} to the broker, and is called {why}",
    },
    check_before_commit,
    marks=FlowSide.PUBLISHER,
    fix=Fix(
        FixAction.PUBLISH_AFTER_COMMIT,
        "Publish in an after-commit callback",
        Safety.UNSAFE,
        "the event is sent later than before, and not at all when the transaction rolls back",
    ),
    options=(BROKER, COMMIT, TRANSACTION, AFTER_COMMIT, OUTBOX, DISABLE_PRESETS, INTEGRATION_BASES),
)
