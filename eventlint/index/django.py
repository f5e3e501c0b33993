"""Where Django opens a transaction outside the function that runs in it: requests and model signals.

Read from the facts alone, never by importing the project:

* `ATOMIC_REQUESTS`: Django wraps every view in a transaction of a database
  whose `DATABASES[alias]["ATOMIC_REQUESTS"]` is True. Only that per-database
  key counts (a top-level `ATOMIC_REQUESTS = True` does nothing in Django), and
  only a literal True, as the settings modules' top-level statements leave it.
* Views: what `urls` modules route (`path`, `re_path`, `url` with a view
  function or `SomeView.as_view()`, a DRF router's `register`), Django REST
  framework views and viewsets, `@api_view` functions, Django Ninja
  operations (`@router.post(...)`, ninja-extra's `@route.post(...)`); for a
  class, its request handler methods. `non_atomic_requests` exempts.
* Model signal receivers (`pre_save`, `post_save`, `pre_delete`,
  `post_delete`, `m2m_changed` of `django.db.models.signals`), connected by
  `@receiver(...)` or `signal.connect(...)`: they run inside whatever
  transaction the code that saved the model holds.

Precision first: a name that does not resolve statically is left out, and
a module importing nothing of Django's (or of REST framework, Django Ninja)
is not searched for views and receivers: it could only name them through a
project module re-exporting them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from eventlint.facts import CallStep, FunctionFact, ImportFact, SettingFact, Value
from eventlint.facts.records import is_settings_module
from eventlint.index.names import ProjectIndex
from eventlint.index.scopes import ClassAttributes, FunctionScope, walk
from eventlint.model import Span
from eventlint.sources.discovery import SourceFile

MODEL_SIGNALS = frozenset({"pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"})
VIEW_ROUTERS = frozenset({"ninja", "ninja_extra"})  # libraries whose decorators route views (Django Ninja)
_SIGNALS = "django.db.models.signals."
_RECEIVER = frozenset({"django.dispatch.receiver", "django.dispatch.dispatcher.receiver"})
_ROUTES = frozenset(
    {"django.urls.path", "django.urls.re_path", "django.urls.conf.path", "django.urls.conf.re_path", "django.conf.urls.url"}
)
_NON_ATOMIC = frozenset({"django.db.transaction.non_atomic_requests"})
_METHOD_DECORATOR = "django.utils.decorators.method_decorator"
_DJANGO_PACKAGES = frozenset({"django", "rest_framework", "ninja", "ninja_extra"})
_DRF_VIEWS = ("rest_framework.views.", "rest_framework.generics.", "rest_framework.viewsets.")
_DRF_ROUTERS = "rest_framework.routers."
_API_VIEW = "rest_framework.decorators.api_view"
_ACTION = "rest_framework.decorators.action"
# Django Ninja's operations: `@router.post(...)` of a `Router` or `NinjaAPI`, ninja-extra's `@route.post(...)`, `@http_post`.
_VERBS = ("get", "post", "put", "patch", "delete", "api_operation", "generic")
_NINJA_OPERATIONS = frozenset(
    {
        *(f"{owner}.{verb}" for owner in ("ninja.Router", "ninja.NinjaAPI", "ninja_extra.route") for verb in _VERBS),
        *(f"ninja_extra.http_{verb}" for verb in _VERBS),
    }
)
# The methods of a view class that a request runs: HTTP verbs, DRF viewset actions and their hooks, form handling.
HANDLER_METHODS = (
    *("dispatch", "get", "post", "put", "patch", "delete", "head", "options", "trace"),
    *("list", "create", "retrieve", "update", "partial_update", "destroy"),
    *("perform_create", "perform_update", "perform_destroy", "form_valid"),
)

ViewRouting = Literal["route", "rest-framework", "ninja"]
Connection = Literal["decorator", "connect"]


@dataclass(frozen=True)
class Location:
    """A place in the project: the module, its file and the span."""

    module: str
    source: SourceFile
    span: Span


@dataclass(frozen=True)
class AtomicRequests:
    """A database whose requests Django runs in a transaction, and where the settings say so."""

    database: str
    where: Location


@dataclass(frozen=True)
class View:
    """A function a request runs (a view function or a handler method), and what makes it one."""

    key: str
    how: ViewRouting
    where: Location  # the route, or the view class for a Django REST framework view


@dataclass(frozen=True)
class SignalReceiver:
    """A function connected to a model signal: it runs inside the saver's transaction, if any."""

    key: str
    signal: str  # `post_save`, `m2m_changed`, ...
    sender: str | None  # the model class, when named and resolved
    how: Connection
    where: Location  # the decorated function, or the `connect` call
    every_model: bool = False  # connected with no sender at all: every model's save fires it


@dataclass(frozen=True)
class DjangoSources:
    """Transactions Django opens around project functions, from settings, routes and signals."""

    atomic_requests: tuple[AtomicRequests, ...]
    views: tuple[View, ...]
    receivers: tuple[SignalReceiver, ...]

    @property
    def requests_atomic(self) -> AtomicRequests | None:
        """The default database's `ATOMIC_REQUESTS`, when on: every view then runs in its transaction."""
        return next((found for found in self.atomic_requests if found.database == "default"), None)

    def view(self, key: str) -> View | None:
        """The view a function key is, if it is one."""
        return self._views.get(key)

    def receivers_of(self, key: str) -> tuple[SignalReceiver, ...]:
        """Every model signal a function key is connected to."""
        return self._receivers.get(key, ())

    @functools.cached_property
    def _views(self) -> dict[str, View]:
        return {view.key: view for view in self.views}

    @functools.cached_property
    def _receivers(self) -> dict[str, tuple[SignalReceiver, ...]]:
        found: dict[str, tuple[SignalReceiver, ...]] = {}
        for receiver in self.receivers:
            found[receiver.key] = (*found.get(receiver.key, ()), receiver)
        return found


def django_sources(index: ProjectIndex, modules: Iterable[str] | None = None) -> DjangoSources:
    """The Django transaction sources of `modules` (by default the index's relevant modules).

    Settings modules are `settings.py` files and the modules of a `settings`
    package; routes are read from `urls.py` files and `urls` packages.
    """
    names = [name for name in (modules if modules is not None else index.modules) if index.entry(name) is not None]
    reader = _Reader(index)
    settings = [name for name in names if is_settings_module(name)]
    views: dict[str, View] = {}
    receivers: dict[tuple[str, str, Location], SignalReceiver] = {}
    for module in names:
        entry = index.entry(module)
        if "urls" not in module.split(".") and not (entry is not None and imports_django(entry.facts.imports)):
            continue  # no view, router or signal of Django's is named in it
        for key, function in reader.functions(module):
            if "urls" in module.split("."):
                for view in reader.routed(module, function):
                    if views.get(view.key, view).how != "route":
                        del views[view.key]  # routed: where a request reaches it, whatever else makes it a view
                    views.setdefault(view.key, view)
            for view in (*reader.api_views(key, module, function), *reader.ninja_operations(key, module, function)):
                views.setdefault(view.key, view)
            for receiver in reader.receivers(key, module, function):
                receivers.setdefault((receiver.key, receiver.signal, receiver.where), receiver)
        for view in reader.framework_views(module):
            views.setdefault(view.key, view)
    return DjangoSources(reader.atomic_requests(settings), tuple(views.values()), tuple(receivers.values()))


def imports_django(imports: Iterable[ImportFact]) -> bool:
    """Whether a module imports from Django or a framework on it (or star-imports: anything)."""
    return any(fact.star or fact.target.split(".", 1)[0] in _DJANGO_PACKAGES for fact in imports)


def settings_state(facts: Iterable[SettingFact]) -> dict[tuple[str, ...], SettingFact]:
    """What a module's literal settings leave, by path: a later assignment replaces all at or below its path."""
    state: dict[tuple[str, ...], SettingFact] = {}
    for fact in facts:
        for path in [path for path in state if path[: len(fact.path)] == fact.path]:
            del state[path]
        state[fact.path] = fact
    return state


def setting(state: dict[tuple[str, ...], SettingFact], path: tuple[str, ...]) -> SettingFact | None:
    """The fact that sets a path, through the module's aliases (`"default": _db`); None when no literal sets it."""
    for _ in range(8):  # a chain of aliases this long is no settings module's
        for cut in range(len(path), 0, -1):
            fact = state.get(path[:cut])
            if fact is not None:
                break
        else:
            return None
        if not fact.value.startswith("="):
            return fact if cut == len(path) else None  # a literal above the path that does not hold it
        path = (fact.value[1:], *path[cut:])
    return None


class _Reader:
    """Resolution over the facts of one project, one scope per function."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self.attributes = ClassAttributes(index)

    def location(self, module: str, span: Span) -> Location:
        entry = self.index.entry(module)
        assert entry is not None
        return Location(module, entry.source, span)

    def functions(self, module: str) -> Iterator[tuple[str, FunctionFact]]:
        entry = self.index.entry(module)
        for function in entry.facts.functions if entry is not None else ():
            yield f"{module}.{function.qualname}", function

    def scope(self, module: str, function: FunctionFact) -> FunctionScope:
        return FunctionScope(self.index, self.attributes, module, function)

    # -- settings --------------------------------------------------------------
    def atomic_requests(self, settings: list[str]) -> tuple[AtomicRequests, ...]:
        """Databases set to ATOMIC_REQUESTS True by some settings module and to nothing else by any."""
        on: dict[str, AtomicRequests] = {}
        off: set[str] = set()
        for module in settings:
            entry = self.index.entry(module)
            state = settings_state(entry.facts.settings if entry is not None else ())
            for database in dict.fromkeys(path[1] for path in state if len(path) > 1 and path[0] == "DATABASES"):
                fact = setting(state, ("DATABASES", database, "ATOMIC_REQUESTS"))
                if fact is not None and fact.value == "True":
                    on.setdefault(database, AtomicRequests(database, self.location(module, fact.span)))
                elif fact is not None:
                    off.add(database)  # False, or a value no literal tells: not a certainty
        return tuple(found for database, found in on.items() if database not in off)

    # -- views -----------------------------------------------------------------
    def routed(self, module: str, function: FunctionFact) -> Iterator[View]:
        """The views a `urls` module routes: `path(route, view)`, `router.register(prefix, viewset)`."""
        scope = self.scope(module, function)
        for step in walk(function.body):
            if not isinstance(step, CallStep):
                continue
            callee = scope.callee(step.call, step)
            name = callee.name if callee is not None else ""
            if name in _ROUTES:
                target = _argument(step.call, 1, "view")
            elif name.endswith(".register") and self._is_router(name.rpartition(".")[0]):
                target = _argument(step.call, 1, "viewset")
            else:
                continue
            where = self.location(module, step.span)
            for view_key in self._view_targets(scope, target):
                yield View(view_key, "route", where)

    def _is_router(self, owner: str) -> bool:
        if owner.startswith(_DRF_ROUTERS):
            return True
        return self.index.is_class(owner) and any(base.startswith(_DRF_ROUTERS) for base in self.index.ancestry(owner).names)

    def _view_targets(self, scope: FunctionScope, target: Value | None) -> list[str]:
        """The function keys a routed view runs: the function itself, or a class's handler methods."""
        if target is None:
            return []
        if target.kind == "name":
            resolved = scope.resolve(target.dotted)
            if resolved is None or resolved.instance:
                return []
            if self.index.is_class(resolved.name):
                return self.handlers(resolved.name)  # a router's viewset
            found = self.index.function(resolved.name)
            if found is None or self.exempt(*found):
                return []
            return [f"{found[0]}.{found[1].qualname}"]
        if target.kind != "call":
            return []
        callee = scope.callee(target)
        name = callee.name if callee is not None and not callee.instance else ""
        if name.endswith(".as_view") and self.index.is_class(name.rpartition(".")[0]):
            return self.handlers(name.rpartition(".")[0])
        if name.startswith("django.") and name not in _NON_ATOMIC and len(target.args) == 1:
            return self._view_targets(scope, target.args[0].value)  # `csrf_exempt(view)`, `login_required(view)`
        return []

    def handlers(self, view_class: str) -> list[str]:
        """The handler methods a request may run on a project view class (its own or inherited from the project)."""
        dispatch = self.index.method(f"{view_class}.dispatch")
        if dispatch is not None and self.exempt(*dispatch):
            return []  # `as_view()` takes on what decorates `dispatch`
        found: dict[str, None] = {}
        for name in HANDLER_METHODS:
            method = self.index.method(f"{view_class}.{name}")
            if method is not None and not self.exempt(*method):
                found[f"{method[0]}.{method[1].qualname}"] = None
        for owner in self.index.lineage(view_class):
            for module, action in self.index.methods_of(owner):
                if _ACTION in self._decorators(module, action) and not self.exempt(module, action):
                    found.setdefault(f"{module}.{action.qualname}", None)
        return list(found)

    def framework_views(self, module: str) -> Iterator[View]:
        """Django REST framework view classes of a module, by their resolved bases, with their handler methods."""
        entry = self.index.entry(module)
        for fact in entry.facts.classes if entry is not None else ():
            qualname = f"{module}.{fact.qualname}"
            if not any(base.startswith(_DRF_VIEWS) for base in self.index.ancestry(qualname).names):
                continue
            where = self.location(module, fact.span)
            for key in self.handlers(qualname):
                yield View(key, "rest-framework", where)

    def api_views(self, key: str, module: str, function: FunctionFact) -> Iterator[View]:
        """A function decorated with Django REST framework's `@api_view`."""
        decorators = self._decorators(module, function)
        if _API_VIEW in decorators and not _NON_ATOMIC & set(decorators):
            yield View(key, "rest-framework", self.location(module, function.span))

    def ninja_operations(self, key: str, module: str, function: FunctionFact) -> Iterator[View]:
        """A Django Ninja operation: a function or controller method its router's verb decorates."""
        decorators = self._decorators(module, function)
        if not _NINJA_OPERATIONS.isdisjoint(decorators) and _NON_ATOMIC.isdisjoint(decorators):
            yield View(key, "ninja", self.location(module, function.span))

    def exempt(self, module: str, function: FunctionFact) -> bool:
        """Whether `non_atomic_requests` decorates a view (directly or through `method_decorator`)."""
        return not _NON_ATOMIC.isdisjoint(self._decorators(module, function))

    def _decorators(self, module: str, function: FunctionFact) -> list[str]:
        """What decorates a function, resolved: `@x` and `@x(...)` give x; `@method_decorator(x)` gives x too."""
        found: list[str] = []
        for decorator in function.decorators:
            resolved = self.index.resolve(module, decorator.dotted) if decorator.dotted else None
            if resolved is None:
                continue
            found.append(resolved)
            if resolved == _METHOD_DECORATOR and decorator.args and decorator.args[0].value.kind == "name":
                inner = self.index.resolve(module, decorator.args[0].value.dotted)
                if inner is not None:
                    found.append(inner)
        return found

    # -- signals ---------------------------------------------------------------
    def receivers(self, key: str, module: str, function: FunctionFact) -> Iterator[SignalReceiver]:
        """`@receiver(signal, sender=...)` on the function, and `signal.connect(handler, sender=...)` in its body."""
        scope: FunctionScope | None = None
        for decorator in function.decorators:
            if decorator.kind != "call" or self.index.resolve(module, decorator.dotted) not in _RECEIVER:
                continue
            scope = scope or self.scope(module, function)
            sender, every = self._sender(scope, decorator, -1)
            for signal in self._signals(scope, _argument(decorator, 0, "signal")):
                yield SignalReceiver(key, signal, sender, "decorator", self.location(module, function.span), every)
        for step in walk(function.body):
            if not (isinstance(step, CallStep) and step.call.dotted.endswith(".connect") and step.call.receiver is None):
                continue
            scope = scope or self.scope(module, function)
            signals = self._signals(scope, Value("name", step.call.dotted.removesuffix(".connect")), step)
            handler = self._receiver_key(scope, module, _argument(step.call, 0, "receiver"), step) if signals else None
            if handler is None:
                continue
            sender, every = self._sender(scope, step.call, 1, step)
            for signal in signals:
                yield SignalReceiver(handler, signal, sender, "connect", self.location(module, step.span), every)

    def _signals(self, scope: FunctionScope, value: Value | None, at: CallStep | None = None) -> list[str]:
        """The model signals a value names: one signal, or a list or tuple of them."""
        if value is None:
            return []
        values = [arg.value for arg in value.args] if value.kind == "seq" else [value]
        found: list[str] = []
        for item in values:
            resolved = scope.resolve(item.dotted, at) if item.kind == "name" else None
            name = resolved.name if resolved is not None and not resolved.instance else ""
            if name.startswith(_SIGNALS) and name.removeprefix(_SIGNALS) in MODEL_SIGNALS:
                found.append(name.removeprefix(_SIGNALS))
        return found

    def _receiver_key(self, scope: FunctionScope, module: str, value: Value | None, at: CallStep) -> str | None:
        """The project function a `connect` hands over: a function, a bound method, a nested function."""
        if value is None:
            return None
        if value.kind == "function":
            key = f"{module}.{value.dotted}"
            return key if self.index.function(key) is not None else None
        resolved = scope.resolve(value.dotted, at) if value.kind == "name" else None
        found = self.index.method(resolved.name) if resolved is not None else None
        return f"{found[0]}.{found[1].qualname}" if found is not None else None

    def _sender(self, scope: FunctionScope, call: Value, position: int, at: CallStep | None = None) -> tuple[str | None, bool]:
        """The model a receiver is connected for (None: not resolved), and whether none is named (every model)."""
        sender = _argument(call, position, "sender")
        if sender is None or (sender.kind == "name" and sender.dotted == "None"):
            return None, True
        resolved = scope.resolve(sender.dotted, at) if sender.kind == "name" else None
        return (resolved.name if resolved is not None else None), False


def _argument(call: Value, position: int, keyword: str) -> Value | None:
    """A call's argument by keyword, else by position (-1: by keyword only)."""
    for arg in call.args:
        if arg.keyword == keyword:
            return arg.value
    positional = [arg.value for arg in call.args if arg.keyword is None]
    return positional[position] if 0 <= position < len(positional) else None
