"""EVL302: an integration event leaves for the broker only once its transaction has committed.

For each function, one backward pass over its steps tells, for every call,
whether a commit may still follow it on some path of the function (branches
taken either way, loop bodies run zero or more times without the back edge,
exception handlers reachable from their `try` body, `finally` on the way
out) and whether it sits lexically inside a transaction (`with atomic():`, a
transactional decorator). Lambdas and nested functions are functions of
their own: what they publish runs when they are called, such as after commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

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
from eventlint.facts import (
    AssignStep,
    BranchStep,
    CallStep,
    ExitStep,
    FunctionFact,
    LoopStep,
    Step,
    TryStep,
    WithStep,
)
from eventlint.index.call_sites import CallSites, Carried, Site
from eventlint.index.project import Project
from eventlint.index.scopes import FunctionScope
from eventlint.index.unwind import Task, unwind
from eventlint.model import Diagnostic, EventKind, FixAction, PublishAfterCommit, RelatedLocation, Role


@dataclass(frozen=True)
class _Context:
    """What surrounds a step: an open transaction, where `break`, `return` and a raise lead."""

    in_transaction: bool = False
    loop_exit: bool = False  # whether a commit may follow the loop a `break` leaves
    on_raise: bool = False  # whether a commit may follow where a raise is caught or passes
    on_return: bool = False  # whether a commit may follow on the way out (`finally`, `with` exit)


@dataclass(frozen=True)
class Timing:
    """Where a call stands relative to its transaction."""

    commit_follows: bool
    in_transaction: bool

    @property
    def premature(self) -> bool:
        """Whether the transaction may still roll back what the call announces."""
        return self.commit_follows or self.in_transaction


class _Timer:
    """The backward pass over one function's steps.

    It runs on a stack of its own (`unwind`): blocks nest as deep as the
    user's code. A block's answer depends only on what follows it and its
    context, so each is worked out once per pair: a `finally` block, read
    once per way out of its `try`, would otherwise cost three times as much
    at every level of nesting.
    """

    def __init__(self, calls: CallSites, scope: FunctionScope, sites: dict[int, Site]) -> None:
        self.calls = calls
        self.scope = scope
        self.sites = sites
        self.timing: dict[int, Timing] = {}
        self.known: dict[tuple[int, bool, _Context], bool] = {}  # (id of a block, after, context): its answer

    def block(self, steps: tuple[Step, ...], after: bool, context: _Context) -> Task[bool]:
        key = (id(steps), after, context)
        known = self.known.get(key)
        if known is not None:
            return known
        state = after
        for step in reversed(steps):
            state = yield from self.step(step, state, context)
        self.known[key] = state
        return state

    def record(self, step: CallStep, timing: Timing) -> None:
        # A `finally` block is read once per way out of its `try`: any may hold.
        known = self.timing.get(id(step))
        if known is not None:
            timing = Timing(known.commit_follows or timing.commit_follows, known.in_transaction or timing.in_transaction)
        self.timing[id(step)] = timing

    def step(self, step: Step, after: bool, context: _Context) -> Task[bool]:
        if isinstance(step, CallStep):
            # What follows the call itself is `after`; a raise *from* the call
            # means it did not publish. Before the call, a raise may lead to a
            # handler that commits.
            self.record(step, Timing(after, context.in_transaction))
            site = self.sites.get(id(step))
            return True if site is not None and Role.COMMIT in site.roles else after or context.on_raise
        if isinstance(step, AssignStep):
            return after
        if isinstance(step, ExitStep):
            if step.kind == "raise":
                return context.on_raise
            if step.kind in ("break", "continue"):
                return context.loop_exit
            return context.on_return
        if isinstance(step, BranchStep):
            return (yield from self.branches(step, after, context))
        if isinstance(step, LoopStep):
            orelse: bool = yield self.block(step.orelse, after, context)
            body: bool = yield self.block(step.body, orelse, replace(context, loop_exit=after))
            return body or orelse
        if isinstance(step, WithStep):
            commits = any(self.calls.value_roles(self.scope, item, (Role.TRANSACTION,)) for item in step.items)
            if not commits:
                inside: bool = yield self.block(step.body, after, context)
                return inside
            inner = replace(context, in_transaction=True, on_return=True)
            yield self.block(step.body, True, inner)
            return True
        if isinstance(step, TryStep):
            final = yield self.block(step.final, after, context)
            on_return = (yield self.block(step.final, context.on_return, context)) if step.final else context.on_return
            on_raise = (yield self.block(step.final, context.on_raise, context)) if step.final else context.on_raise
            leaving = replace(context, on_return=on_return, on_raise=on_raise)
            handlers: list[bool] = []
            for handler in step.handlers:
                handlers.append((yield self.block(handler, final, leaving)))
            orelse = yield self.block(step.orelse, final, leaving)
            raised = replace(leaving, on_raise=leaving.on_raise or any(handlers))
            tried: bool = yield self.block(step.body, orelse, raised)
            return tried
        return after

    def branches(self, step: BranchStep, after: bool, context: _Context) -> Task[bool]:
        """Whether a commit may follow the start of an `if`/`elif` chain or `match`, from its last branch back.

        `tests[i]` runs once `branches[i]` was not taken, and before
        `branches[i + 1]` and every later branch; the branches past the last
        test are the alternatives left when every test failed.
        """
        tested = len(step.tests)
        rest = False
        for branch in step.branches[tested + 1 :]:
            rest = (yield self.block(branch, after, context)) or rest
        for number in range(tested - 1, -1, -1):
            taken = yield self.block(step.branches[number + 1], after, context)
            rest = yield self.block(step.tests[number], taken or rest, context)
        first: bool = (yield self.block(step.branches[0], after, context)) if step.branches else False
        return first or rest


def _timings(calls: CallSites, key: str, function: FunctionFact, sites: list[Site]) -> dict[int, Timing]:
    scope = calls.scope(key)
    timer = _Timer(calls, scope, {id(site.step): site for site in sites})
    transactional = any(calls.value_roles(scope, decorator, (Role.TRANSACTION,)) for decorator in function.decorators)
    unwind(timer.block(function.body, False, _Context(in_transaction=transactional)))
    return timer.timing


def _publishes(site: Site) -> list[Carried]:
    """The integration events a broker call publishes (the events asked first: most calls carry none)."""
    integration = [carried for carried in site.events if carried.kind is EventKind.INTEGRATION]
    if not integration or Role.BROKER not in site.roles:
        return []
    return integration


def check_before_commit(project: Project) -> Iterator[Diagnostic]:
    """EVL302: a broker publish of an integration event inside a transaction or before its commit."""
    calls = project.calls
    publishers = _publishing_functions(calls)
    names = frozenset(key.rpartition(".")[2] for key in publishers)
    for key, module, function in calls.iter_functions():
        if function.is_lambda:
            continue
        sites = calls.by_function.get(key, [])
        published = {id(site): _publishes(site) for site in sites}
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
            why = "inside a transaction" if when.in_transaction else "before the commit that follows it"
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
            inner = publishers[site.target]
            carried = _publishes(inner)[0]
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


def _publishing_functions(calls: CallSites) -> dict[str, Site]:
    """Functions whose own body (not a lambda or nested function) publishes an integration event.

    A function that commits itself runs its own transaction: whether its
    publish comes after that commit is judged inside it, not at its callers.
    """
    found: dict[str, Site] = {}
    for key, sites in calls.by_function.items():
        publishing = next((site for site in sites if _publishes(site)), None)
        if publishing is not None and not any(Role.COMMIT in site.roles for site in sites):
            found[key] = publishing
    return found


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
