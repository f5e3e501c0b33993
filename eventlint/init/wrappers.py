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
from eventlint.index.call_sites import CallSites, Site
from eventlint.index.forwarding import TRANSPORTS, Passed, parameter_in, parameters
from eventlint.index.scopes import local_assignments
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.model import Role
from eventlint.sources.discovery import SourceFile

ABSTRACT_CALLS = frozenset({"NotImplementedError", "abstractmethod"})
BUFFERING = frozenset({"append", "extend", "add", "appendleft", "put", "put_nowait", "insert"})
HANDLER_WORDS = ("handler", "subscriber", "listener", "callback", "observer", "consumer")
_KEEPS = "keeps the event for later"
UNTOLD = "passes it to no transport eventlint knows"
_DOES = {
    Role.BROKER: "sends it to a broker",
    Role.OUTBOX: "writes it to an outbox",
    Role.LOCAL: "dispatches it in-process",
}
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
    how: str = ""  # of one implementation: what it does, where its name or chain alone does not say


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

    def implemented(self, method: str, receiver: str, owners: Iterable[str] = ()) -> Implemented | None:
        """The role the project's implementations of `method` give a call of it: the one they all have, or none
        (and why) when they differ or keep the event for later; None when none of them tells.

        The implementations are those of the classes the calls resolve to (a port: its subclasses'), else
        those of the classes named like the receiver (`mediator`: `Mediator`), else all of the project's.
        """
        keys = self._related(self._implementations(method), receiver, frozenset(owners))
        verdicts = [verdict for key in keys if (verdict := self._verdict(key)) is not None]
        roles = {verdict.role for verdict in verdicts}
        if not verdicts:
            return None
        if roles == {None}:
            kept = [verdict.evidence for verdict in verdicts if verdict.how == _KEEPS]
            if kept:
                return Implemented(None, f"{listing(kept, shown=2)} {_KEEPS}: add it under the role it has")
            if all(verdict.how == UNTOLD for verdict in verdicts):
                shown = listing([verdict.evidence for verdict in verdicts], shown=2)
                return Implemented(None, f"{shown} {UNTOLD}: add it under the role it has", UNTOLD)
            shown = listing([f"{verdict.evidence} ({verdict.how})" for verdict in verdicts], shown=2)
            return Implemented(None, f"{shown}: add it under the role it has")
        if len(roles) == 1:
            (role,) = roles
            shown = listing([verdict.evidence for verdict in verdicts], shown=2)
            return Implemented(role, f"every implementation {_DOES[role] if role else ''}: {shown}")
        shown = listing([f"{verdict.evidence} ({verdict.how})" for verdict in verdicts], shown=2)
        return Implemented(None, f"its implementations differ: {shown}: add it under the role it has")

    def _related(self, keys: list[str], receiver: str, owners: frozenset[str]) -> list[str]:
        index = self.calls.index
        if owners:
            return [
                key for key in keys if index.ancestry(key.rpartition(".")[0]).names & owners or key.rpartition(".")[0] in owners
            ]
        words = [word.rstrip("s") for word in receiver.lower().split("_") if len(word) > 2]
        named = [
            key for key in keys if words and all(word in key.rpartition(".")[0].rpartition(".")[2].lower() for word in words)
        ]
        return named or keys

    def _verdict(self, key: str, depth: int = 0) -> Implemented | None:
        """What one implementation does with what it is given (None when it is only declared).

        One that both dispatches it in-process and sends it on (a bus that also bridges to Kafka)
        has no one role.
        """
        passed = self._passed(key)
        if passed is None and self._abstract(key):
            return None
        found: list[Implemented] = []
        if passed is not None:
            role = next(iter(passed.roles)) if len(passed.roles) == 1 else None
            found.append(Implemented(role, chain_of(key, passed), "/".join(sorted(one.key for one in passed.roles))))
        elif "Outbox" in key.rpartition(".")[0].rpartition(".")[2] or self._writes_outbox(key):
            return Implemented(Role.OUTBOX, key, _DOES[Role.OUTBOX])
        handing = self._handing(key)
        for site in handing:  # a parameter typed as an event: the call is judged where it is, not forwarded
            direct = site.pattern_roles & TRANSPORTS
            if len(direct) == 1 and not found:
                sent = site.callee.name if site.callee is not None else site.final
                found.append(Implemented(next(iter(direct)), f"{key} -> {sent}", next(iter(direct)).key))
        if any(_names_handler(site.written) for site in handing):
            found.append(Implemented(Role.LOCAL, key, "hands it to its handlers"))
        for site in handing if depth < 2 else ():
            target = self.calls.guarded(site, lambda: site.target, None) or self._overridden(key, site)  # noqa: B023
            inner = self._verdict(target, depth + 1) if target is not None and target != key else None
            if inner is not None and inner.role is not None and all(one.role is not inner.role for one in found):
                found.append(Implemented(inner.role, f"{key} -> {inner.evidence}", inner.how))
        roles = {one.role for one in found}
        if len(found) == 1 or (found and len(roles) == 1):
            return found[0]
        if found:
            both = " and ".join(sorted(role.key for role in roles if role is not None))
            return Implemented(None, key, f"does both: {both}")
        if self._buffers(key):
            return Implemented(None, key, _KEEPS)
        return Implemented(None, key, UNTOLD)

    def _overridden(self, key: str, site: Site) -> str | None:
        """The method `super().method(...)` calls: the same method of the nearest base defining it."""
        receiver = site.step.call.receiver
        if receiver is None or receiver.kind != "call" or receiver.dotted != "super" or site.final != key.rpartition(".")[2]:
            return None
        index = self.calls.index
        for base in index.lineage(key.rpartition(".")[0])[1:]:
            if index.function(f"{base}.{site.final}") is not None:
                return f"{base}.{site.final}"
        return None

    def _handing(self, key: str) -> list[Site]:
        """The calls of a function passing on one of its parameters (or a message made of one)."""
        located = self.calls.index.function(key)
        if located is None:
            return []
        params, local = set(parameters(located[1])), local_assignments(located[1])
        return [
            site
            for site in self.calls.sites_of(key)
            if any(parameter_in(arg.value, params, local=local) for arg in site.step.call.args)
        ]

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


def _names_handler(written: str | None) -> bool:
    """Whether a call is of a handler: `handler(event)`, `self._subscribers[t].notify(event)`, `h.handle(event)`."""
    if written is None:
        return False
    parts = written.lower().split(".")
    return parts[-1] in ("handle", "notify", "on_event") or any(word in part for part in parts for word in HANDLER_WORDS)


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
