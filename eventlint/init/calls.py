"""Dispatch patterns: the project's own publish, outbox and commit calls, as seen in its code.

A call is proposed as `*.receiver.method` (`self.uow.commit()` gives
`*.uow.commit`) when its method and receiver name say what it does to an
event, and no built-in preset already recognises it. Whether a `publish`
goes to a broker or to an in-process bus is read first from the events it
carries (integration events: broker; domain events: local), then from the
receiver's name (`producer`, `mediator`); a call neither tells is listed as
a comment, for the user to classify.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from eventlint.index.call_sites import CallSites, Site
from eventlint.init.phrases import counted, listing
from eventlint.init.proposal import Entry, ProposedDispatch
from eventlint.init.wrappers import UNTOLD, Implemented, Wrappers
from eventlint.model import EventKind, Role
from eventlint.sources.discovery import SourceFile

PUBLISHING = frozenset(
    {
        "publish",
        "publish_all",
        "publish_event",
        "publish_events",
        "dispatch",
        "dispatch_events",
        "emit",
        "send",
        "handle",
        "notify",
    }
)
LOCAL_WORDS = ("mediator", "message_bus", "messagebus", "local_bus", "dispatcher", "domain_event")
BROKER_WORDS = ("broker", "producer", "kafka", "rabbit", "amqp", "queue", "integration_event", "redis", "sns", "sqs", "pubsub")
# A receiver named so may dispatch events whatever it is passed; any other must be seen passing one.
DISPATCHER_WORDS = ("bus", "event", "publisher", "mediator", "dispatcher", "message", *BROKER_WORDS)
# A receiver named so dispatches the events it is given, one way or the other: the kinds they are tell which.
BUS_WORDS = ("bus", "publisher", "broker", "producer")
OUTBOX_METHODS = frozenset({"add", "save", "put", "append", "store", "write", "publish", "enqueue"})
UNIT_OF_WORK_WORDS = ("uow", "unit_of_work", "unitofwork", "session", "transaction", "connection", "conn", "db")
TRANSACTION_METHODS = frozenset({"transaction", "atomic", "begin"})
AFTER_COMMIT_METHODS = frozenset({"on_commit", "after_commit"})
PROPOSED = (Role.BROKER, Role.LOCAL, Role.OUTBOX, Role.COMMIT, Role.TRANSACTION, Role.AFTER_COMMIT)  # in this order


@dataclass
class _Seen:
    """Every call of one pattern: how many, in which files, carrying which kinds of events."""

    calls: int = 0
    files: set[str] = field(default_factory=set)
    kinds: set[EventKind] = field(default_factory=set)
    counts: dict[EventKind, int] = field(default_factory=dict)  # calls carrying each kind
    owners: set[str] = field(default_factory=set)  # the classes whose method the calls resolve to (a port)
    events: list[str] = field(default_factory=list)

    def phrase(self) -> str:
        where = f"{counted(self.calls, 'call')} in {counted(len(self.files), 'file')}"
        if not self.events:
            return where
        return f"{where}, carrying {listing(self.events)}"


def propose_dispatch(
    calls: CallSites, sources: Iterable[SourceFile] = (), root: Path | None = None, by_kinds: bool = True
) -> ProposedDispatch:
    """The `[dispatch]` patterns the project's calls need, and the calls left for the user to classify.

    The project's wrappers come first, under the role of what they finally do; then the
    `*.receiver.method` calls no preset or wrapper tells, read from the implementations of their
    method in `sources` where a receiver does not resolve. Without `by_kinds`, the kinds of the events
    a call carries do not tell its role (when they are what is being decided).
    """
    wrappers = Wrappers(calls, sources, PUBLISHING | OUTBOX_METHODS, root)
    by_role: dict[Role, list[Entry]] = {role: [] for role in PROPOSED}
    undecided: list[Entry] = []
    for wrapper in wrappers.called():
        if len(wrapper.roles) == 1:
            by_role[next(iter(wrapper.roles))].append(Entry(wrapper.key, wrapper.evidence()))
        else:
            roles = " and ".join(sorted(role.key for role in wrapper.roles))
            undecided.append(Entry(wrapper.key, f"{wrapper.evidence()}; it passes events on as {roles}: add it under one"))
    seen: dict[str, _Seen] = {}
    for site in calls.sites:
        pattern = _pattern(site)
        if pattern is None or site.roles:  # a preset already knows the call, or it is a wrapper's
            continue
        entry = seen.setdefault(pattern, _Seen())
        entry.calls += 1
        entry.files.add(site.source.display)
        target = calls.guarded(site, lambda: site.target, None)  # noqa: B023
        if target is not None and calls.index.is_class(target.rpartition(".")[0]):
            entry.owners.add(target.rpartition(".")[0])
        for kind in {carried.kind for carried in site.events}:
            entry.counts[kind] = entry.counts.get(kind, 0) + 1
        for carried in site.events:
            entry.kinds.add(carried.kind)
            name = carried.event.rpartition(".")[2]
            if name not in entry.events:
                entry.events.append(name)
    for pattern in sorted(seen):
        receiver, method = pattern.split(".")[-2:]
        implemented = wrappers.implemented(method, receiver.lstrip("_"), seen[pattern].owners) if _may_wrap(pattern) else None
        role, why = _role(pattern, seen[pattern] if by_kinds else replace(seen[pattern], kinds=set(), counts={}), implemented)
        if role is None:
            undecided.append(Entry(pattern, f"{seen[pattern].phrase()}; {why}"))
        else:
            by_role[role].append(Entry(pattern, seen[pattern].phrase() + (f"; {why}" if why else "")))
    return ProposedDispatch(tuple((role, tuple(entries)) for role, entries in by_role.items() if entries), tuple(undecided))


def _may_wrap(pattern: str) -> bool:
    """Whether a call's role may come from the project's implementations of its method (not a commit or on_commit)."""
    method = pattern.rpartition(".")[2]
    return method in PUBLISHING or method in OUTBOX_METHODS


def _pattern(site: Site) -> str | None:
    """`*.receiver.method` for a call written `something.receiver.method(...)` whose method may matter; the
    library function itself for a call carrying an event into a library named for an outbox."""
    library = _library_outbox(site)
    if library is not None:
        return library
    written = site.written
    if written is None or "." not in written:
        return None
    receiver, method = written.split(".")[-2:]
    plain = receiver.lstrip("_").lower()
    if receiver in ("self", "cls"):
        return None
    if method in AFTER_COMMIT_METHODS or (method in PUBLISHING and (_names(plain, DISPATCHER_WORDS) or site.events)):
        return f"*.{receiver}.{method}"
    if "outbox" in plain and method in OUTBOX_METHODS:
        return f"*.{receiver}.{method}"
    if (method == "commit" or method in TRANSACTION_METHODS) and _names(plain, UNIT_OF_WORK_WORDS):
        return f"*.{receiver}.{method}"
    return None


def _library_outbox(site: Site) -> str | None:
    """`event_outbox.EventListener.event_occurred` for a call carrying an event to a library named for an outbox."""
    if not site.events:
        return None
    callee = site.calls.guarded(site, lambda: site.callee, None)
    if callee is None or site.calls.index.method(callee.name) is not None:
        return None  # unknown, or the project's own: read as the project's code
    return callee.name if any("outbox" in part.lower() for part in callee.name.split(".")[:-1]) else None


def _names(receiver: str, words: tuple[str, ...]) -> bool:
    return any(word in receiver for word in words)


def _role(pattern: str, seen: _Seen, implemented: Implemented | None) -> tuple[Role | None, str]:
    """The role a pattern is proposed for (its `[dispatch]` key), or None and why it cannot be told."""
    if not pattern.startswith("*."):
        return Role.OUTBOX, "a library named for an outbox"
    _, receiver, method = pattern.split(".")
    plain = receiver.lstrip("_").lower()
    if method in AFTER_COMMIT_METHODS:
        return Role.AFTER_COMMIT, ""
    if "outbox" in plain and method in OUTBOX_METHODS:
        return Role.OUTBOX, ""
    if method == "commit":
        return Role.COMMIT, ""
    if method in TRANSACTION_METHODS:
        return Role.TRANSACTION, ""
    if implemented is not None and implemented.how != UNTOLD:  # what the project's own code does says more than names
        return implemented.role, implemented.evidence
    if _names(plain, LOCAL_WORDS):
        return Role.LOCAL, ""
    if _names(plain, BROKER_WORDS):
        return Role.BROKER, ""
    if implemented is not None:  # its implementations are there, and say nothing: the kinds would be a guess
        return None, implemented.evidence
    role, why = _by_kinds(seen)
    if role is None or _names(plain, BUS_WORDS):  # a bus or publisher of the project's, no code of it to read
        return role, why
    # Nothing in the code but the kinds it carries (`uow.events.publish`): a guess that the code is right,
    # which would hide the very findings it is for, or make wrong ones: left to the user, with what they suggest.
    suggested = f"; {why}" if why else ""
    return None, f"only the kinds of the events it carries suggest {role.key}{suggested}: add it under the role it has"


def _by_kinds(seen: _Seen) -> tuple[Role | None, str]:
    """The role the kinds of the events a call carries give it, the kind most of its calls carry deciding.

    Integration events go to a broker, domain events stay in-process. Where a call carries both, the
    role taken is the one fewer of its calls contradict; they are said in the evidence.
    """
    domain, integration = seen.counts.get(EventKind.DOMAIN, 0), seen.counts.get(EventKind.INTEGRATION, 0)
    if not (domain or integration):
        return None, "carrying no event eventlint can tell: add it under broker or local if it dispatches events"
    if domain == integration:
        return None, "it carries both kinds of events as often: add it under broker or local"
    role = Role.BROKER if integration > domain else Role.LOCAL
    if domain and integration:
        fewer, kind = (domain, "domain") if role is Role.BROKER else (integration, "integration")
        return (
            role,
            f"most of its calls carry {'integration' if role is Role.BROKER else 'domain'} events; {counted(fewer, 'call')} carrying {kind} events will be reported",
        )
    return role, ""
