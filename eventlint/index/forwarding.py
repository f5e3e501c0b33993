"""Wrappers: project functions that pass an argument on to a broker, outbox or in-process call.

`publish_event(event)` whose body calls `producer.send(topic, event)` sends
what it is given to the broker: a call of it takes on the broker's role for
the argument it passes there, as if the caller had called the broker itself.
The same through further project functions (`bus.publish` calling
`publish_event`), `WRAPPER_DEPTH` deep, cycle-safe.

A parameter is passed on when a call of the function's own body (not a
lambda or nested function: that runs later, if ever) has it as an argument,
as is or serialised (`json.dumps(event)`, `event.model_dump()`). What a call
does is what the patterns say of it; a call of another project function
does what that function does with the parameter it binds. A call that
carries an event of its own (a parameter typed as one) is judged where it is
made, not at every caller.

Each function's summary is computed once per run, when a call carrying an
event first asks: most calls carry none, and need no summary.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventlint.facts import AssignStep, FunctionFact, Value
from eventlint.index.scopes import local_assignments
from eventlint.index.serialising import SERIALIZING_CALLS, SERIALIZING_METHODS
from eventlint.model import Role

if TYPE_CHECKING:
    from eventlint.index.call_sites import CallSites, Site

# Calls whose result says something of a value without carrying it on.
NOT_MESSAGES = frozenset(
    {"type", "isinstance", "issubclass", "id", "len", "hash", "bool", "getattr", "hasattr", "print", "repr", "str", "callable"}
)
WRAPPER_DEPTH = 4  # how many project functions a wrapper may pass an argument through
TRANSPORTS = frozenset({Role.BROKER, Role.OUTBOX, Role.LOCAL})  # what a wrapper may do with what it is given


@dataclass(frozen=True)
class Passed:
    """What a function does with one parameter: the roles of the calls it reaches, and the chain to the first."""

    roles: frozenset[Role]
    chain: tuple[str, ...]  # the project functions it goes through, then the call that does it


_NOTHING: dict[str, Passed] = {}


class Forwarding:
    """The parameters each project function passes on to a transport, computed on demand and kept."""

    def __init__(self, calls: CallSites) -> None:
        self.calls = calls
        self._summaries: dict[str, dict[str, Passed]] = {}
        self._open: set[str] = set()  # summaries being computed: a cycle reads them as passing nothing

    def roles(self, site: Site) -> frozenset[Role]:
        """The transport roles a call of a project function takes on for the events it passes (none when none)."""
        passed = self.passed(site)
        return frozenset(role for found in passed for role in found.roles)

    def passed(self, site: Site, depth: int = 0) -> list[Passed]:
        """What the called project function does with each argument that carries an event."""
        target = site.target
        if target is None or target == site.key:
            return []
        summary = self.summary(target, depth)
        if not summary:
            return []
        scope = self.calls.scope(site.key)
        found: list[Passed] = []
        for name, value in self.bound(target, site):
            passed = summary.get(name)
            if passed is not None and self.calls.carried(scope, value, at=site.step):
                found.append(passed)
        return found

    def bound(self, key: str, site: Site) -> Iterator[tuple[str, Value]]:
        """The parameters of the project function `key` a call binds, with the values it binds them to."""
        located = self.calls.index.function(key)
        if located is None:
            return
        params = parameters(located[1])
        for position, arg in enumerate(argument for argument in site.step.call.args if argument.keyword is None):
            if position < len(params):
                yield params[position], arg.value
        for arg in site.step.call.args:
            if arg.keyword is not None and arg.keyword in params:
                yield arg.keyword, arg.value

    def summary(self, key: str, depth: int = 0) -> dict[str, Passed]:
        """For each parameter of a project function that it passes on to a transport, what it does with it."""
        known = self._summaries.get(key)
        if known is not None:
            return known
        if key in self._open or depth > WRAPPER_DEPTH:
            return _NOTHING
        located = self.calls.index.function(key)
        if located is None or located[1].is_lambda:
            return _NOTHING
        self._open.add(key)
        try:
            found = self._summarise(key, located[1], depth)
        finally:
            self._open.discard(key)
        self._summaries[key] = found
        return found

    def _summarise(self, key: str, function: FunctionFact, depth: int) -> dict[str, Passed]:
        params = set(parameters(function))
        found: dict[str, Passed] = {}
        local = local_assignments(function)
        for site in self.calls.sites_of(key) if params else ():
            if site.events:
                continue  # what it passes on is an event here already: judged where it is sent
            direct = site.pattern_roles & TRANSPORTS
            if direct:
                shown = (site.callee.name if site.callee else site.final,)
                for arg in site.step.call.args:
                    name = parameter_in(arg.value, params, local=local)
                    if name is not None:
                        found.setdefault(name, Passed(direct, shown))
                continue
            target = self.calls.guarded(site, lambda: site.target, None)  # noqa: B023
            if target is None or target == key:
                continue
            summary = self.summary(target, depth + 1)
            for bound, value in self.bound(target, site) if summary else ():
                name, passed = parameter_in(value, params, local=local), summary.get(bound)
                if name is not None and passed is not None:
                    found.setdefault(name, Passed(passed.roles, (target, *passed.chain)))
        return found


def parameter_in(
    value: Value, params: set[str], depth: int = 0, local: Mapping[str, Sequence[AssignStep]] | None = None
) -> str | None:
    """The parameter a value is, as is, serialised (`json.dumps(event)`, `event.model_dump()`) or made into a
    message (`build_message(event)`), directly or through a local (`message = translate(event)`: `local`)."""
    if depth > 3:
        return None
    if value.kind == "name":
        head, _, rest = value.dotted.partition(".")
        if head in params:
            return head if rest in ("", "__dict__") else None
        for step in local.get(head, ()) if local is not None and not rest else ():
            found = parameter_in(step.value, params, depth + 1, local)
            if found is not None:
                return found
        return None
    if value.kind != "call":
        return None
    if value.receiver is not None:
        return parameter_in(value.receiver, params, depth + 1, local) if value.dotted in SERIALIZING_METHODS else None
    prefix, _, method = value.dotted.rpartition(".")
    head = prefix.partition(".")[0]
    if head in params and method in SERIALIZING_METHODS:  # `event.model_dump()`, `event.data.model_dump_json()`
        return head
    if method in SERIALIZING_CALLS and value.args:
        return parameter_in(value.args[0].value, params, depth + 1, local)
    if method in NOT_MESSAGES or head in params:
        return None
    for arg in value.args:  # a message made of it: what the call returns carries it on
        found = parameter_in(arg.value, params, depth + 1, local)
        if found is not None:
            return found
    return None


def parameters(function: FunctionFact) -> list[str]:
    """The parameters a call binds, in order: a method's instance or class is bound by the call's receiver."""
    names = [param.name for param in function.params]
    method = function.class_name is not None and not any(decorator.dotted == "staticmethod" for decorator in function.decorators)
    return names[1:] if method else names
