"""The project's own dispatch wrappers, as `check` follows them (`eventlint.index.forwarding`).

A project function that passes what it is given on to a broker, outbox or
in-process call (`publish_event(event)` calling `producer.send_and_wait`) is
proposed under the role of the call it reaches, the chain of calls as
evidence. A call whose receiver does not resolve (`self.bus.publish(event)`
with an untyped `bus`) is read from the project's implementations of its
method: all of them passing the event on the same way decide its role; two
that differ, or one that keeps the event to itself, leave it to the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventlint.files.safeio import read_text
from eventlint.index.call_sites import CallSites
from eventlint.index.forwarding import Passed, parameter_in, parameters
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.model import Role
from eventlint.sources.discovery import SourceFile

ABSTRACT_CALLS = frozenset({"NotImplementedError", "abstractmethod"})
BUFFERING = frozenset({"append", "extend", "add", "appendleft", "put", "put_nowait", "insert"})
_DEFINED = re.compile(r"\bdef[ \t]+(\w+)")


@dataclass
class Wrapper:
    """A project function passing an argument on to a transport, and the calls of it seen."""

    key: str
    roles: frozenset[Role]
    chain: tuple[str, ...]
    calls: int = 0
    files: set[str] = field(default_factory=set)

    @property
    def shown(self) -> str:
        """`shop.kafka.publish_event -> aiokafka.AIOKafkaProducer.send_and_wait`."""
        return " -> ".join((self.key, *self.chain))

    def evidence(self) -> str:
        return f"{self.shown}; {counted(self.calls, 'call')} in {counted(len(self.files), 'file')}"


@dataclass(frozen=True)
class Implemented:
    """What the project's implementations of a method do with what they are given: a role, or why not one."""

    role: Role | None
    evidence: str


def chain_of(key: str, passed: Passed) -> str:
    """A wrapper's chain, as shown in evidence."""
    return " -> ".join((key, *passed.chain))


class Wrappers:
    """The wrappers of a project, read through the analysis a check makes."""

    def __init__(
        self, calls: CallSites, sources: Iterable[SourceFile] = (), methods: Iterable[str] = (), root: Path | None = None
    ) -> None:
        """`sources` and `methods`: the files to look for implementations of those methods in, beyond those the
        survey read (a bus implementation need not name an event)."""
        self.calls = calls
        self.sources = tuple(sources)
        self.wanted = frozenset(methods)
        self.root = root  # nothing is read through a link leading out of it
        self._methods: dict[str, list[str]] | None = None

    def called(self) -> list[Wrapper]:
        """The project functions passing an argument on to a transport, called with an event (test code aside)."""
        found: dict[str, Wrapper] = {}
        for site in self.calls.sites:
            if not site.step.call.args or is_auxiliary(site.module) or site.pattern_roles:
                continue
            if not self.calls.guarded(site, lambda: bool(site.events), False):  # noqa: B023
                continue  # a helper enqueuing a task of its own: the check follows it from its callers
            target = self.calls.guarded(site, lambda: site.target, None)  # noqa: B023
            if target is None or target == site.key or is_auxiliary(target):
                continue
            passed = self._passed(target)
            if passed is None:
                continue
            wrapper = found.setdefault(target, Wrapper(target, passed.roles, passed.chain))
            wrapper.calls += 1
            wrapper.files.add(site.source.display)
        return [found[key] for key in sorted(found)]

    def _passed(self, key: str) -> Passed | None:
        """What a function does with the parameters it passes on (their roles together, the first chain)."""
        summary = self.calls.forwarding.summary(key)
        if not summary:
            return None
        first = next(iter(summary.values()))
        return Passed(frozenset(role for passed in summary.values() for role in passed.roles), first.chain)

    def implemented(self, method: str) -> Implemented | None:
        """The role the project's implementations of `method` give a call of it, when any passes its argument on."""
        forwarding: list[tuple[str, Passed]] = []
        others: list[str] = []
        for key in self._implementations(method):
            passed = self._passed(key)
            if passed is not None:
                forwarding.append((key, passed))
            elif not self._abstract(key):
                others.append(key)
        outboxes = [key for key in others if self._writes_outbox(key)]
        if outboxes and len(outboxes) == len(others) and not forwarding:
            return Implemented(Role.OUTBOX, f"every implementation writes it to an outbox: {listing(outboxes, shown=2)}")
        if not forwarding:
            kept = [key for key in others if self._buffers(key)]
            if kept:
                return Implemented(None, f"{listing(kept, shown=2)} keeps the event for later: add it under the role it has")
            return None
        roles = {role for _, passed in forwarding for role in passed.roles}
        shown = listing([chain_of(key, passed) for key, passed in forwarding], shown=2)
        if len(roles) == 1 and not others:
            return Implemented(next(iter(roles)), f"every implementation passes it on: {shown}")
        kept = [key for key in others if self._buffers(key)]
        if kept:
            why = f"{listing(kept, shown=2)} keeps the event for later, {shown}"
        elif others:
            why = f"{listing(others, shown=2)} passes it to no transport eventlint knows, {shown}"
        else:
            why = f"its implementations differ: {shown}"
        return Implemented(None, why + ": add it under the role it has")

    def _implementations(self, method: str) -> list[str]:
        if self._methods is None:
            self._methods = {}
            index = self.calls.index
            for key, module, function in index.iter_functions():
                if function.class_name is not None and not is_auxiliary(module) and not function.is_lambda:
                    self._methods.setdefault(function.name, []).append(key)
            read = set(index.modules)
            for source in self.sources:
                if source.module in read or is_auxiliary(source.module) or not self._may_define(source):
                    continue
                entry = index.entry(source.module)
                for function in entry.facts.functions if entry is not None else ():
                    if function.class_name is not None and function.name in self.wanted and not function.is_lambda:
                        self._methods.setdefault(function.name, []).append(f"{source.module}.{function.qualname}")
        return self._methods.get(method, [])

    def _may_define(self, source: SourceFile) -> bool:
        """Whether a file's text defines a function of a wanted name (a file that cannot be read defines none)."""
        try:
            text = read_text(source.path, self.root)
        except (OSError, UnicodeDecodeError):
            return False
        return any(match.group(1) in self.wanted for match in _DEFINED.finditer(text))

    def _abstract(self, key: str) -> bool:
        """Whether a method is only declared: abstract, or a body that calls nothing but raises `NotImplementedError`."""
        located = self.calls.index.function(key)
        if located is None:
            return True
        if any(decorator.dotted.rpartition(".")[2] in ABSTRACT_CALLS for decorator in located[1].decorators):
            return True
        return all(site.final in ABSTRACT_CALLS for site in self.calls.sites_of(key))

    def _writes_outbox(self, key: str) -> bool:
        """Whether a method makes an outbox record of what it is given (`OutboxMessage(payload=event.json())`)."""
        located = self.calls.index.function(key)
        if located is None:
            return False
        params = set(parameters(located[1]))
        return any(
            _names_outbox(site.written) and any(parameter_in(arg.value, params) for arg in site.step.call.args)
            for site in self.calls.sites_of(key)
        )

    def _buffers(self, key: str) -> bool:
        """Whether a method keeps what it is given on itself (`self.events.append(event)`) rather than passing it on."""
        return any(_buffering(site.written) for site in self.calls.sites_of(key))


def _names_outbox(written: str | None) -> bool:
    """Whether a call names an outbox class: `OutboxMessage(...)`, `OutboxEvent.objects.create(...)`."""
    return written is not None and any(part[:1].isupper() and "Outbox" in part for part in written.split("."))


def _buffering(written: str | None) -> bool:
    return written is not None and written.startswith("self.") and written.rpartition(".")[2] in BUFFERING


def wrapped_roles(wrappers: list[Wrapper]) -> Iterator[tuple[Role, Wrapper]]:
    """Each wrapper with the one role it has (those with several are left to the user)."""
    for wrapper in wrappers:
        if len(wrapper.roles) == 1:
            yield next(iter(wrapper.roles)), wrapper
