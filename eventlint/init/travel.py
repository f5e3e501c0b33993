"""How the events of each base travel: to a broker or an outbox, in-process, to handlers of which context.

Read from the check's own analysis of a first reading of the project, where
every event-like base counts as an event base: the calls that carry its
events (with the roles the presets and the project's wrappers give them),
and the handlers of its events, placed in the contexts proposed. Each event
is evidence for a kind: sent to a broker or an outbox, handled in another
context, or defined in the published language, it is integration; dispatched
in-process, or handled only in its own context, it is domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from eventlint.config.settings import BoundedContext
from eventlint.index.call_sites import Carried
from eventlint.index.contextmap import ContextMap, covers
from eventlint.index.project import Project
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.init.proposal import Entry, ProposedContext
from eventlint.model import EventKind, Role

OUTWARD = frozenset({Role.BROKER, Role.OUTBOX})


@dataclass
class Travel:
    """What the events of one base do: for each kind, the events that say so, each with where."""

    integration: dict[str, str] = field(default_factory=dict)  # event name -> how (first seen)
    domain: dict[str, str] = field(default_factory=dict)
    crossing: set[str] = field(default_factory=set)  # events another context takes in (handled there, or shared)

    def of(self, kind: EventKind) -> dict[str, str]:
        return self.integration if kind is EventKind.INTEGRATION else self.domain

    def says(self) -> EventKind | None:
        """The kind most of the evidence gives (None when there is none, or as much for each)."""
        ours, theirs = len(self.integration), len(self.domain)
        if ours == theirs:
            return None
        return EventKind.INTEGRATION if ours > theirs else EventKind.DOMAIN

    def phrase(self, kind: EventKind) -> str:
        """`3 of its events go to a broker or an outbox or are handled in another context: A (broker), ...`."""
        found = self.of(kind)
        shown = listing([f"{name} ({how})" for name, how in found.items()], shown=2)
        verb, where = _TRAVELS[kind]
        if len(found) == 1:
            return f"1 event {verb.replace('leave', 'leaves').replace('stay', 'stays')} its {where}: {shown}"
        return f"{counted(len(found), 'event')} {verb} their {where}: {shown}"


_TRAVELS = {
    EventKind.INTEGRATION: ("leave", "context (a broker, an outbox, another context's handler)"),
    EventKind.DOMAIN: ("stay in", "context (dispatched in-process, handled there only)"),
}


def travels(
    project: Project,
    bases: Iterable[str],
    contexts: Sequence[ProposedContext],
    published_language: Sequence[Entry],
    roles_of_unresolved: Mapping[str, Role] | None = None,
) -> dict[str, Travel]:
    """How the events of each base travel (bases by their qualified name)."""
    index = project.index
    owners = ContextMap(replace(project.config, contexts=tuple(BoundedContext(c.name, c.modules) for c in contexts)))
    wanted = frozenset(bases)
    family: dict[str, str] = {}
    home: dict[str, str | None] = {}
    for name, event in project.events.events.items():
        if event.is_base or is_auxiliary(event.module):
            continue
        found = index.ancestry(name).names & wanted
        if found:
            family[name] = min(found)
            home[name] = owners.context_of(event.module)
    found_travel: dict[str, Travel] = {base: Travel() for base in wanted}
    published = [entry.value for entry in published_language]
    for name, base in family.items():
        module = project.events.events[name].module
        if any(covers(prefix, module) for prefix in published):
            _note(found_travel[base], EventKind.INTEGRATION, name, "in the published language")
            found_travel[base].crossing.add(name.rpartition(".")[2])
        elif contexts and home[name] is None:
            found_travel[base].crossing.add(name.rpartition(".")[2])  # shared by the contexts, if it leaves at all
    unresolved = roles_of_unresolved or {}
    for site in project.calls.sites:
        if is_auxiliary(site.module):
            continue
        nothing: tuple[Carried, ...] = ()
        carried = project.calls.guarded(site, lambda: tuple(site.events), nothing)  # noqa: B023
        if not carried:
            continue
        none: frozenset[Role] = frozenset()
        roles = project.calls.guarded(site, lambda: site.roles, none)  # noqa: B023
        if not roles:  # a call the proposal gives a role: by its receiver's name, or a library's own name
            callee = project.calls.guarded(site, lambda: site.callee, None)  # noqa: B023
            told = unresolved.get(callee.name) if callee is not None else None
            if told is None and site.written is not None:
                told = unresolved.get("*." + ".".join(site.written.split(".")[-2:]))
            roles = frozenset({told}) if told is not None else roles
        for one in carried:
            owner = family.get(one.event) or _base_of(index.ancestry(one.event).names | {one.event}, wanted)
            if owner is None:
                continue  # not an event of these bases
            base = owner
            if roles & OUTWARD:
                how = "outbox" if Role.OUTBOX in roles else "broker"
                _note(found_travel[base], EventKind.INTEGRATION, one.event, f"{how}, {site.source.display}")
            elif Role.LOCAL in roles:
                _note(found_travel[base], EventKind.DOMAIN, one.event, f"in-process, {site.source.display}")
    handled_in: dict[str, set[str | None]] = {}
    for handling in project.handlings:
        if handling.event not in family or is_auxiliary(handling.module):
            continue
        module = handling.handler.module if handling.handler is not None else handling.module
        handled_in.setdefault(handling.event, set()).add(owners.context_of(module))
    for name, where in handled_in.items():
        own = home[name]
        others = sorted(context for context in where if context is not None and context != own)
        if own is not None and others:
            _note(found_travel[family[name]], EventKind.INTEGRATION, name, f"handled in {', '.join(others)}")
            found_travel[family[name]].crossing.add(name.rpartition(".")[2])
        elif own is not None and where == {own} and name.rpartition(".")[2] not in found_travel[family[name]].integration:
            _note(found_travel[family[name]], EventKind.DOMAIN, name, f"handled in {own} only")
    return found_travel


def _note(travel: Travel, kind: EventKind, event: str, how: str) -> None:
    travel.of(kind).setdefault(event.rpartition(".")[2], how)  # a base stands for any of its events: counted once


def _base_of(names: frozenset[str] | set[str], wanted: frozenset[str]) -> str | None:
    """The base an event base (passed where only it is known) belongs to."""
    found = names & wanted
    return min(found) if found else None
