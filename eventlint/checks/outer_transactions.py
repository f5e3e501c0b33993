"""Transactions a function runs inside without opening them: its callers', Django requests', model signals'.

A function called inside a transaction runs inside it, and so does every
call it makes: a message it sends leaves before that transaction commits.
Three sources, each established statically or not at all:

* callers: a call, inside a transaction its function opens (`with
  atomic():`, `@transaction.atomic`), of a project function the index
  resolves (a function, a method through `self` or a typed name). Callers in
  test modules do not count: a test wraps code in a transaction that
  production does not.
* Django requests: when the settings turn `ATOMIC_REQUESTS` on for the
  default database, every view the `urls` modules route, and every Django
  Ninja operation, runs inside the request's transaction
  (`eventlint.index.django`). REST framework classes found by their bases
  alone are not counted: a module naming none of the vocabulary is not read.
* model signals: a `post_save` (...) receiver runs inside the transaction of
  the code that saved the model: when requests are atomic, when a save that
  fires it is itself in a transaction (`x.save()` of an instance of its
  sender, or any `save()` for a receiver of every model), or when its model
  is registered with Django's admin, whose change and delete views are
  atomic (`eventlint.index.django_admin`).

From there the transaction reaches down `MAX_CALLS` further calls,
breadth first, so each function keeps its nearest source. A call that a
raise surely follows (`notify_guest(user)` then `raise HttpError(400)`) is
not followed: the transaction always rolls back there, and what it sends it
sends on purpose. A call deferred
to after commit (`on_commit(lambda: notify())`) is a call of the lambda, which
no one calls directly: it carries no transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eventlint.checks.deferral import FunctionDeferrals
from eventlint.checks.timing import Timing, raising, timings
from eventlint.facts import BranchStep, FunctionFact, Step
from eventlint.index.call_sites import CallSites, Site
from eventlint.index.django import SignalReceiver, django_sources
from eventlint.index.django_admin import admin_models
from eventlint.index.project import Project
from eventlint.index.scopes import nested_blocks, walk
from eventlint.model import RelatedLocation, Role

# Views as routed: by the `urls` modules, read by name, and by Ninja routers, whose modules name their library.
_SEEN_VIEWS = ("route", "ninja")
MAX_CALLS = 3  # how many calls below where a transaction is opened it is still followed
_TRANSPORTS = frozenset({Role.BROKER, Role.OUTBOX})  # a call sending itself: judged as a send, not followed
_ON_COMMIT_SENDS = frozenset({"delay_on_commit", "apply_async_on_commit"})  # Celery's sends deferred to the commit
# The calls that save a model instance, by the model signals they fire.
_SAVES = {"save": ("pre_save", "post_save"), "delete": ("pre_delete", "post_delete")}
_MANAGER_SAVES = {
    "create": ("pre_save", "post_save"),
    "get_or_create": ("pre_save", "post_save"),
    "update_or_create": ("pre_save", "post_save"),
}


@dataclass(frozen=True)
class Outer:
    """A transaction a function runs in without opening it: why, and where it is opened."""

    why: str  # as a finding says it: "inside the transaction its caller `place` opens"
    opened: tuple[RelatedLocation, ...]  # where it is opened, then the call that leads into it
    calls: int  # how many calls below where it is opened (0: the function itself, as a view or a receiver)


@dataclass(frozen=True)
class _Reached:
    key: str
    outer: Outer
    origin: str  # what the reason names: "its caller `x`", "the request (ATOMIC_REQUESTS)"


def outer_transactions(project: Project) -> OuterTransactions:
    """The transactions functions run in without opening them, worked out once per project."""
    found = project.shared.get("outer transactions")
    if not isinstance(found, OuterTransactions):
        found = project.shared["outer transactions"] = OuterTransactions(project)
    return found


def is_test_module(module: str) -> bool:
    """Whether a module is a test's (`tests` package, `test_x`, `x_test(s)`, `conftest`)."""
    parts = module.split(".")
    last = parts[-1]
    return (
        any(part in ("test", "tests", "testing") for part in parts)
        or last.startswith("test_")
        or last.endswith(("_test", "_tests"))
        or last == "conftest"
    )


class OuterTransactions:
    """Which project functions run inside a transaction they do not open, and why (built once per project)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.calls: CallSites = project.calls
        self._timings: dict[str, dict[int, Timing]] = {}
        self._raising: dict[str, dict[int, bool]] = {}
        self.outer: dict[str, Outer] = {}
        self._queue: list[_Reached] = []
        self._seed()
        self._spread()

    # -- timing ------------------------------------------------------------------
    def timing(self, key: str, function: FunctionFact) -> dict[int, Timing]:
        """The function's own timing of its calls (by id of step), computed once."""
        known = self._timings.get(key)
        sites = self.calls.sites_of(key)
        if known is None and sites:
            none: dict[int, Timing] = {}
            known = self.calls.isolated(key, sites[0].source, lambda: timings(self.calls, key, function, sites), none)
            self._timings[key] = known
        return known or {}

    def raises_after(self, site: Site) -> bool:
        """Whether a raise surely follows a call inside its function's transaction: a send there is on purpose."""
        known = self._raising.get(site.key)
        if known is None:
            none: dict[int, bool] = {}
            known = self.calls.isolated(site.key, site.source, lambda: raising(self.calls, site.key, site.function), none)
            self._raising[site.key] = known
        return known.get(id(site.step), False)

    def deferred_elsewhere(self, site: Site) -> bool:
        """Whether another branch of an `if` around a send defers (`if defer: on_commit(...) else: task.delay()`).

        The function then sends now or after commit as its arguments say,
        and which its callers choose is not known statically.
        """
        by_step = {id(other.step): other for other in self.calls.sites_of(site.key)}
        for branch, taken in _branches_around(site.function.body, site.step):
            for number, steps in enumerate(branch.branches):
                if number != taken and any(_defers(by_step.get(id(step))) for step in walk(steps)):
                    return True
        return False

    # -- sources -----------------------------------------------------------------
    def _seed(self) -> None:
        calls = self.calls
        index = calls.index
        names = list(index.module_names())
        settings = django_sources(index, [name for name in names if "settings" in name.split(".")])
        requests = settings.requests_atomic
        modules: Iterable[str] = index.modules
        if requests is not None:
            modules = [*index.modules, *(name for name in names if "urls" in name.split(".") and name not in index.modules)]
        django = django_sources(index, modules)
        receivers: dict[str, list[SignalReceiver]] = {}
        for receiver in django.receivers:
            receivers.setdefault(receiver.signal, []).append(receiver)
        self.receivers = receivers
        if django.receivers:
            self._admin([name for name in names if "admin" in name.split(".")], django.receivers)
        if requests is not None:
            setting = RelatedLocation(
                requests.where.source.display,
                requests.where.span,
                f"`ATOMIC_REQUESTS` is on for database `{requests.database}`: every request runs in a transaction",
            )
            for view in django.views:
                if view.how in _SEEN_VIEWS and not is_test_module(view.key):
                    why = "inside the request's transaction (`ATOMIC_REQUESTS`)"
                    self._reach(view.key, Outer(why, (setting,), 0), f"the request to view `{view.key}`")
            for receiver in django.receivers:
                why = f"in a `{receiver.signal}` receiver, inside the transaction of the request that {_changes(receiver)}"
                origin = f"the request whose `{receiver.signal}` `{receiver.key}` receives"
                self._reach(receiver.key, Outer(f"{why} (`ATOMIC_REQUESTS`)", (setting,), 0), origin)
        for module, openers in self.project.openers_by_module.items():
            if is_test_module(module):
                continue
            for key in openers:
                self._seed_opener(key, module)

    def _seed_opener(self, key: str, module: str) -> None:
        """The calls a function makes inside the transaction it opens: what they reach is inside it too."""
        calls = self.calls
        found = calls.index.function(key)
        if found is None:
            return
        function = found[1]
        timing = self.timing(key, function)
        deferrals: FunctionDeferrals | None = None
        for site in calls.sites_of(key):
            when = timing.get(id(site.step))
            if when is None or not when.in_transaction or _TRANSPORTS & site.roles or self.raises_after(site):
                continue
            target = site.target
            fired = self._fired(site)
            if target is None and not fired:
                continue
            deferrals = deferrals or FunctionDeferrals(self.project, key, module, function)
            opened = deferrals.opened(site)
            self._follow(
                site,
                target,
                fired,
                (opened,) if opened is not None else (),
                _Reached(key, Outer(f"inside the transaction its caller `{key}` opens", (), 0), f"`{key}`"),
                lambda receiver: f"in a `{receiver.signal}` receiver, inside the transaction `{key}` saves the model in",
            )

    def _admin(self, modules: list[str], receivers: Iterable[SignalReceiver]) -> None:
        """Receivers of models Django's admin saves and deletes, in the transaction of its change and delete views."""
        registered = {found.model: found for found in admin_models(self.calls.index, modules)}
        if not registered:
            return
        for receiver in receivers:
            if receiver.signal == "m2m_changed" or is_test_module(receiver.key):
                continue
            model = next(iter(registered.values()), None) if receiver.every_model else registered.get(receiver.sender or "")
            if model is None:
                continue
            name = model.model.rpartition(".")[2]
            opened = RelatedLocation(
                model.where.source.display,
                model.where.span,
                f"`{name}` is registered with Django's admin, whose change and delete views run in a transaction",
            )
            verb = "deletes" if receiver.signal.endswith("_delete") else "saves"
            why = f"in a `{receiver.signal}` receiver, inside the transaction in which Django's admin {verb} `{name}`"
            doing = "deleting" if receiver.signal.endswith("_delete") else "saving"
            self._reach(receiver.key, Outer(why, (opened,), 0), f"Django's admin {doing} `{name}`")

    def _fired(self, site: Site) -> list[SignalReceiver]:
        """The model signal receivers a save call fires, as far as statically clear.

        `order.save()` fires the receivers of the class `order` is an instance
        of, and those of every model; `Order.objects.create(...)` those of
        `Order` and of every model, once `Order` is a class of the project.
        """
        call, final = site.step.call, site.final
        if call.receiver is not None:
            return []
        if final in _SAVES and "." in call.dotted:
            signals, owner, manager = _SAVES[final], call.dotted.rpartition(".")[0], False
        elif final in _MANAGER_SAVES and call.dotted.count(".") >= 2:
            signals, owner, manager = _MANAGER_SAVES[final], call.dotted.rsplit(".", 2)[0], True  # `Order.objects.create`
        else:
            return []
        resolved: list[str] = []  # the model saved, once resolved ("" when it does not)

        def model() -> str:
            if not resolved:
                typed = self.calls.scope(site.key).resolve(owner, site.step)
                known = typed is not None and typed.instance != manager
                resolved.append(
                    typed.name if typed is not None and known and (not manager or self.calls.index.is_class(typed.name)) else ""
                )
            return resolved[0]

        found: list[SignalReceiver] = []
        for signal in signals:
            for receiver in self.receivers.get(signal, ()):
                if receiver.every_model and not manager:
                    found.append(receiver)
                elif (receiver.every_model or receiver.sender) and model():
                    if receiver.every_model or self._is_model(model(), receiver.sender or ""):
                        found.append(receiver)
        return found

    @staticmethod
    def _is_model(qualname: str, sender: str) -> bool:
        """Whether saving an instance of `qualname` fires a receiver of `sender`: Django sends the instance's own class."""
        return qualname == sender

    # -- spreading -------------------------------------------------------------------
    def _reach(self, key: str, outer: Outer, origin: str) -> None:
        if key not in self.outer:
            self.outer[key] = outer
            self._queue.append(_Reached(key, outer, origin))

    def _spread(self) -> None:
        """Breadth first from the sources, `MAX_CALLS` calls down: each function keeps its nearest source."""
        queue, self._queue = sorted(self._queue, key=lambda reached: reached.outer.calls), []
        while queue:
            for reached in queue:
                if reached.outer.calls >= MAX_CALLS:
                    continue
                for site in self.calls.sites_of(reached.key):
                    if _TRANSPORTS & site.roles or self.raises_after(site):
                        continue  # a send through a project wrapper, judged where it is made; a rollback that surely follows
                    target = self.calls.guarded(site, lambda: site.target, None)  # noqa: B023
                    below = reached.outer.calls + 1
                    self._follow(
                        site,
                        target,
                        self._fired(site) if self.receivers else [],
                        reached.outer.opened,
                        _Reached(reached.key, Outer(_below(reached, below), (), reached.outer.calls), reached.origin),
                        lambda receiver: f"in a `{receiver.signal}` receiver, inside the transaction of {reached.origin}",  # noqa: B023
                    )
            queue, self._queue = self._queue, []

    def _follow(
        self,
        site: Site,
        target: str | None,
        fired: list[SignalReceiver],
        opened: tuple[RelatedLocation, ...],
        caller: _Reached,
        receiving: Callable[[SignalReceiver], str],
    ) -> None:
        """What a call inside the transaction brings into it: the project function it calls, the receivers it fires.

        `caller` is the calling function, with the reason a callee is given
        and its own depth; `receiving` gives a fired receiver's reason.
        """
        below = caller.outer.calls + 1
        if target is not None and target != site.key:
            here = RelatedLocation(site.source.display, site.step.span, f"`{site.key}` calls it here")
            self._reach(target, Outer(caller.outer.why, (*opened, here), below), caller.origin)
        for receiver in fired:
            saved = RelatedLocation(site.source.display, site.step.span, f"the model is saved here, by `{site.key}`")
            self._reach(receiver.key, Outer(receiving(receiver), (*opened, saved), below), caller.origin)


def _defers(site: Site | None) -> bool:
    """Whether a call defers to after commit: an after-commit hook, Celery's `delay_on_commit`."""
    return site is not None and (site.final in _ON_COMMIT_SENDS or Role.AFTER_COMMIT in site.roles)


def _branches_around(body: tuple[Step, ...], target: Step) -> list[tuple[BranchStep, int]]:
    """The `if`/`match` steps around a step, with the number of the branch holding it (outermost first)."""
    stack: list[tuple[tuple[Step, ...], list[tuple[BranchStep, int]]]] = [(body, [])]
    while stack:
        steps, around = stack.pop()
        for step in steps:
            if step is target:
                return around
            if isinstance(step, BranchStep):
                for number, branch in enumerate(step.branches):
                    stack.append((branch, [*around, (step, number)]))
                stack.extend((test, around) for test in step.tests)
            else:
                stack.extend((block, around) for block in nested_blocks(step))
    return []


def _changes(receiver: SignalReceiver) -> str:
    """What the code firing a model signal does to the model, as a finding says it."""
    if receiver.signal.endswith("_delete"):
        return "deletes the model"
    return "changes the model's relations" if receiver.signal == "m2m_changed" else "saves the model"


def _below(reached: _Reached, calls: int) -> str:
    plural = "s" if calls > 1 else ""
    return f"inside the transaction of {reached.origin}, {calls} call{plural} up"
