"""EVL302's and EVL304's fix: the after-commit hook a publish can be deferred into, or why there is none.

A publish made too early is about one transaction: the one around it (a
`with` block or a decorator that commits on exit) or, when none is around
it, the commit that follows it. Deferring into a hook keeps the promise of
the fix only when that hook runs after *that* transaction has committed:

* inside Django `atomic()` blocks only (`with`, decorator): Django's
  `transaction.on_commit`, which runs its callback when the outermost block
  commits; so not when another commit still follows that block;
* otherwise transactions of one object, around the publish
  (`with self.uow.transaction():`) or after it (`self.uow.commit()`): that
  object's hook named by a configured `dispatch.after-commit` pattern
  (`*.uow.on_commit` gives `self.uow.on_commit`).

Django's hook is never chosen outside an `atomic()` block, where Django runs
the callback at once. Anything else is refused with the reason and what
would make the publish deferrable. The function's steps are read without
recursion: a function of any shape costs time in proportion to its size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eventlint.config.presets import DJANGO_ATOMIC, DJANGO_ON_COMMIT
from eventlint.facts import BranchStep, CallStep, FunctionFact, LoopStep, Step, TryStep, Value, WithStep
from eventlint.index.call_sites import Site
from eventlint.index.project import Project
from eventlint.index.scopes import FunctionScope
from eventlint.model import RelatedLocation, Role, Span

# The module whose `on_commit` takes a callback run after commit, and the hook's name there.
DJANGO_TRANSACTION, DJANGO_HOOK = DJANGO_ON_COMMIT.rsplit(".", 1)


@dataclass(frozen=True)
class Deferral:
    """The hook a publish can be handed to (as the code there spells it), or why none can take it."""

    hook: str | None
    refused: str = ""
    django: bool = False  # whether the hook is Django's `on_commit` inside `atomic()` blocks


@dataclass(frozen=True)
class _Transaction:
    """A transaction that commits: Django's `atomic()`, or one of an object (`self.uow`), as written."""

    shown: str  # as the code writes it: `transaction.atomic()`, `self.uow.commit()`
    django: bool = False
    owner: str | None = None  # the object whose transaction it is (`self.uow`), when it is one's
    resolved: str | None = None  # the callee, resolved (`shop.seedwork.UnitOfWork.commit`)


class _Layout:
    """A function's steps in source order, each with the step holding it and the size of its subtree."""

    def __init__(self, body: tuple[Step, ...]) -> None:
        self.order: list[Step] = []
        self.index: dict[int, int] = {}
        self.parent: dict[int, Step | None] = {}
        pending: list[tuple[Step, Step | None]] = [(step, None) for step in reversed(body)]
        while pending:
            step, holder = pending.pop()
            self.index[id(step)] = len(self.order)
            self.parent[id(step)] = holder
            self.order.append(step)
            pending.extend((child, step) for child in reversed(_children(step)))
        self.size = {id(step): 1 for step in self.order}
        for step in reversed(self.order):
            holder = self.parent[id(step)]
            if holder is not None:
                self.size[id(holder)] += self.size[id(step)]

    def ancestors(self, step: Step) -> list[Step]:
        """The steps holding `step`, outermost first."""
        found: list[Step] = []
        holder = self.parent.get(id(step))
        while holder is not None:
            found.append(holder)
            holder = self.parent[id(holder)]
        return found[::-1]

    def holds(self, outer: Step, step: Step) -> bool:
        """Whether `step` is `outer` or inside it."""
        start = self.index[id(outer)]
        return start <= self.index[id(step)] < start + self.size[id(outer)]

    def after(self, anchor: Step, candidates: Iterable[Step]) -> list[Step]:
        """The candidates that may run after `anchor` has finished: later in the source, or in a loop around it."""
        end = self.index[id(anchor)] + self.size[id(anchor)]
        around = self.ancestors(anchor)
        loops = [step for step in around if isinstance(step, LoopStep)]
        return [
            step
            for step in candidates
            if all(step is not holder for holder in around)
            and not self.holds(anchor, step)
            and (self.index[id(step)] >= end or any(self.holds(loop, step) for loop in loops))
        ]


def _children(step: Step) -> list[Step]:
    if isinstance(step, WithStep):
        return list(step.body)
    if isinstance(step, BranchStep):
        return [child for branch in step.branches for child in branch]
    if isinstance(step, LoopStep):
        return [*step.body, *step.orelse]
    if isinstance(step, TryStep):
        return [*step.body, *(child for handler in step.handlers for child in handler), *step.orelse, *step.final]
    return []


class FunctionDeferrals:
    """Where the publishes of one function can be deferred to: its steps laid out once, asked per publish."""

    def __init__(self, project: Project, key: str, module: str, function: FunctionFact) -> None:
        self.project = project
        self.module = module
        self.function = function
        scope = project.calls.scope(key)
        self.layout = _Layout(function.body)
        self.transactions: dict[int, _Transaction] = {}
        for step in self.layout.order:
            if isinstance(step, WithStep):
                found = _opened(project, scope, step.items)
                if found is not None:
                    self.transactions[id(step)] = found
        sites = project.calls.by_function.get(key, [])
        self.commits = {id(other.step): _committed(other) for other in sites if Role.COMMIT in other.roles}
        self.decorated = [t for t in (_opened(project, scope, (d,)) for d in function.decorators) if t is not None]
        self.candidates = [step for step in self.layout.order if id(step) in self.transactions or id(step) in self.commits]

    def _shown(self, steps: Sequence[Step]) -> list[_Transaction]:
        return [self.transactions[id(step)] if id(step) in self.transactions else self.commits[id(step)] for step in steps]

    def opened(self, site: Site) -> RelatedLocation | None:
        """Where the transaction `site` is about was opened (the outermost around it), or else committed."""
        layout, path = self.layout, site.source.display
        if id(site.step) not in layout.index:
            return None
        withs = [step for step in layout.ancestors(site.step) if id(step) in self.transactions]
        if self.decorated:
            shown = self.decorated[0].shown
            return RelatedLocation(path, self.function.span, f"the transaction is opened here, by `@{shown}`")
        if withs:
            opener = self._opener(withs[0])
            shown = self.transactions[id(withs[0])].shown
            return RelatedLocation(path, opener, f"the transaction is opened here, by `{shown}`") if opener else None
        later = layout.after(site.step, self.candidates)
        if not later:
            return None
        if isinstance(later[0], CallStep):
            shown = self.commits[id(later[0])].shown
            return RelatedLocation(path, later[0].span, f"the transaction is committed here, by `{shown}`")
        opener = self._opener(later[0])
        shown = self.transactions[id(later[0])].shown
        return RelatedLocation(path, opener, f"a transaction that follows is opened here, by `{shown}`") if opener else None

    def _opener(self, block: Step) -> Span | None:
        """The call of a transaction's `with` item: the call step just before the `with` block."""
        assert isinstance(block, WithStep)
        start = self.layout.index[id(block)]
        for step in reversed(self.layout.order[:start]):
            if not isinstance(step, CallStep):
                return None
            if step.call in block.items:
                return step.span
        return None

    def of(self, site: Site) -> Deferral:
        """Where the publish of `site` (a broker call of the function) can be deferred to, or why nowhere."""
        layout = self.layout
        if id(site.step) not in layout.index:
            return Deferral(None, "the publish is not a step of its function's own body")
        withs = [step for step in layout.ancestors(site.step) if id(step) in self.transactions]
        around = self.decorated + [self.transactions[id(step)] for step in withs]
        if around:
            later = [] if self.decorated else self._shown(layout.after(withs[0], self.candidates))
            if all(transaction.django for transaction in around):
                return _django(self.project, self.module, later)
            return _own_hook(self.project, around, later, "around")
        later = self._shown(layout.after(site.step, self.candidates))
        atomic = next((transaction for transaction in later if transaction.django), None)
        if atomic is not None:
            return Deferral(
                None,
                f"the transaction it comes before is Django's `{atomic.shown}`, and outside an `atomic()` block "
                "Django runs `on_commit` callbacks at once: publish inside the block, and the fix can defer it with "
                "`transaction.on_commit`",
            )
        return _own_hook(self.project, later, [], "after")


def _opened(project: Project, scope: FunctionScope, items: Sequence[Value]) -> _Transaction | None:
    """The transaction a `with` statement's items or a decorator open, if they open one."""
    for item in items:
        if not project.calls.value_roles(scope, item, (Role.TRANSACTION,)):
            continue
        resolved = scope.callee(item) if item.kind == "call" else scope.resolve(item.dotted)
        name = resolved.name if resolved is not None else None
        written = item.dotted if item.receiver is None else ""
        if item.kind == "call":
            owner = written.rpartition(".")[0] or None
            shown = f"{written}()"
        else:
            owner, shown = written or None, written
        if name == DJANGO_ATOMIC:
            return _Transaction(shown, django=True)
        return _Transaction(shown, owner=owner, resolved=name)
    return None


def _committed(site: Site) -> _Transaction:
    """The transaction a commit call ends: that of its receiver (`self.uow` of `self.uow.commit()`)."""
    written = site.written
    owner = written.rpartition(".")[0] if written else ""
    callee = site.callee
    resolved = callee.name if callee else None
    if resolved is not None and resolved.startswith(f"{DJANGO_TRANSACTION}."):
        owner = ""  # Django's own `transaction.commit()`: no object's hook, and `on_commit` would not wait for it
    return _Transaction(f"{written or site.final}()", owner=owner or None, resolved=resolved)


def _django(project: Project, module: str, later: Sequence[_Transaction]) -> Deferral:
    """Django's `on_commit`, as the module spells it, when nothing commits after the `atomic()` block."""
    if later:
        return Deferral(
            None,
            f"`{later[0].shown}` commits after the `atomic()` block around it, and Django runs `on_commit` callbacks "
            "when that block commits: commit inside the block, or publish after that commit",
        )
    entry = project.index.entry(module)
    for fact in entry.facts.imports if entry is not None else ():
        if fact.module_level and not fact.star:
            if fact.target == DJANGO_TRANSACTION:
                return Deferral(f"{fact.name}.{DJANGO_HOOK}", django=True)
            if fact.target == DJANGO_ON_COMMIT:
                return Deferral(fact.name, django=True)
    return Deferral(
        None,
        "the module does not import Django's `transaction` at the top: with `from django.db import transaction` "
        "the fix can defer it with `transaction.on_commit`",
    )


def _own_hook(project: Project, transactions: Sequence[_Transaction], later: Sequence[_Transaction], where: str) -> Deferral:
    """The configured after-commit hook of the one object whose transaction the publish is about."""
    if not transactions:
        return Deferral(None, "no commit that follows it is known")
    if any(transaction.django for transaction in transactions):
        django = next(t.shown for t in transactions if t.django)
        other = next(t.shown for t in transactions if not t.django)
        return Deferral(None, f"it is inside both Django's `{django}` and `{other}`: no one hook runs after both commits")
    owners = list(dict.fromkeys(transaction.owner for transaction in transactions))
    if None in owners:
        unowned = next(transaction.shown for transaction in transactions if transaction.owner is None)
        return Deferral(
            None,
            f"`{unowned}` is the transaction {'around' if where == 'around' else 'that follows'} it, and no object's "
            "after-commit hook is known to run after it: defer the publish by hand, or write it to an outbox",
        )
    if len(owners) > 1:
        named = " and ".join(f"`{owner}`" for owner in owners)
        return Deferral(None, f"transactions of {named} commit {where} it: no one hook runs after all of them")
    if later:
        return Deferral(
            None, f"`{later[0].shown}` commits after the transaction block around it: no one hook runs after both commits"
        )
    owner = owners[0]
    assert owner is not None
    for pattern in project.calls.patterns.by_role[Role.AFTER_COMMIT]:
        if pattern.preset is not None:
            continue  # a library's own hook (Django's `on_commit`) is chosen by its transactions, above
        if pattern.suffix is not None:  # `*.uow.on_commit`: the hook of an object written `uow`, `self.uow`, ...
            holder = pattern.suffix.rpartition(".")[0]
            if holder and (owner == holder or owner.endswith("." + holder)):
                return Deferral(f"{owner}.{pattern.called}")
        elif pattern.qualified is not None:  # `shop.UnitOfWork.on_commit`: the hook of the class whose transaction it is
            holder = pattern.qualified.rpartition(".")[0]
            if holder and any(t.resolved is not None and t.resolved.rpartition(".")[0] == holder for t in transactions):
                return Deferral(f"{owner}.{pattern.called}")
    last = owner.rpartition(".")[2]
    return Deferral(
        None,
        f"no after-commit hook is configured for `{owner}`, whose transaction commits {where} it: name its hook in "
        f'`dispatch.after-commit` (`after-commit = ["*.{last}.on_commit"]` names `{owner}.on_commit`), and the fix '
        "can defer it there",
    )
