"""When a call runs relative to its transaction: inside one, or before a commit that follows it.

For each function, one backward pass over its steps tells, for every call,
whether a commit may still follow it on some path of the function (branches
taken either way, loop bodies run zero or more times without the back edge,
exception handlers reachable from their `try` body, `finally` on the way
out) and whether it sits lexically inside a transaction (`with atomic():`, a
transactional decorator). Lambdas and nested functions are functions of
their own: what they send runs when they are called, such as after commit.
Shared by the rules on what leaves the process too early (EVL302, EVL304).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
from eventlint.index.call_sites import CallSites, Site
from eventlint.index.scopes import FunctionScope
from eventlint.index.unwind import Task, unwind
from eventlint.model import Role


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

    @property
    def why(self) -> str:
        """Why a premature call is too early, as the findings say it."""
        return "inside a transaction" if self.in_transaction else "before the commit that follows it"


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


def timings(calls: CallSites, key: str, function: FunctionFact, sites: list[Site]) -> dict[int, Timing]:
    """The timing of each call of a function (by id of its step)."""
    scope = calls.scope(key)
    timer = _Timer(calls, scope, {id(site.step): site for site in sites})
    transactional = any(calls.value_roles(scope, decorator, (Role.TRANSACTION,)) for decorator in function.decorators)
    unwind(timer.block(function.body, False, _Context(in_transaction=transactional)))
    return timer.timing


@dataclass(frozen=True)
class _Leaving:
    """Whether a raise surely follows where control leaves a block: by `break`, and by a raise out of it."""

    loop_exit: bool = False
    on_raise: bool = True  # a raise not caught in the function leaves it raising


class _Raising:
    """The backward pass telling, for each call, whether every path after it raises out of its transaction.

    A message sent where a raise surely follows is sent on purpose: the
    transaction always rolls back, and a send deferred to its commit would
    never leave (`notify.delay(...)` then `raise PermissionDenied`). Leaving a
    transaction's `with` block commits it, so a raise after the block does
    not count; a handler that catches the raise counts only if it raises too.
    Certain or not at all: a `return`, a `continue`, a loop's back edge or the
    function's end are paths that do not raise.
    """

    def __init__(self, calls: CallSites, scope: FunctionScope) -> None:
        self.calls = calls
        self.scope = scope
        self.raising: dict[int, bool] = {}  # by id of a call step: whether a raise surely follows it

    def block(self, steps: tuple[Step, ...], after: bool, leaving: _Leaving) -> Task[bool]:
        state = after
        for step in reversed(steps):
            state = yield from self.step(step, state, leaving)
        return state

    def step(self, step: Step, after: bool, leaving: _Leaving) -> Task[bool]:
        if isinstance(step, CallStep):
            self.raising[id(step)] = self.raising.get(id(step), True) and after  # a `finally` is read more than once
            return after
        if isinstance(step, AssignStep):
            return after
        if isinstance(step, ExitStep):
            return leaving.on_raise if step.kind == "raise" else leaving.loop_exit if step.kind == "break" else False
        if isinstance(step, BranchStep):
            every = True
            for branch in step.branches:
                every = (yield self.block(branch, after, leaving)) and every
            for test in step.tests:
                yield self.block(test, False, leaving)  # a test is followed by a branch: none surely raises alone
            return every and bool(step.branches)
        if isinstance(step, LoopStep):
            orelse: bool = yield self.block(step.orelse, after, leaving)
            yield self.block(step.body, False, replace(leaving, loop_exit=after))  # the back edge
            return orelse  # the body may run no time at all
        if isinstance(step, WithStep):
            if any(self.calls.value_roles(self.scope, item, (Role.TRANSACTION,)) for item in step.items):
                yield self.block(step.body, False, _Leaving(on_raise=True))  # leaving the block commits
                return after
            inside: bool = yield self.block(step.body, after, leaving)
            return inside
        if isinstance(step, TryStep):
            if step.final:
                yield self.block(step.final, False, leaving)
                after, leaving = False, _Leaving()  # what `finally` does on the way out is not followed
            handled = True
            for handler in step.handlers:
                handled = (yield self.block(handler, after, leaving)) and handled
            orelse = yield self.block(step.orelse, after, leaving)
            caught = replace(leaving, on_raise=handled) if step.handlers else leaving
            tried: bool = yield self.block(step.body, orelse, caught)
            return tried
        return after


def raising(calls: CallSites, key: str, function: FunctionFact) -> dict[int, bool]:
    """For each call of a function (by id of its step), whether a raise surely follows it inside its transaction."""
    pass_ = _Raising(calls, calls.scope(key))
    unwind(pass_.block(function.body, False, _Leaving()))
    return pass_.raising
