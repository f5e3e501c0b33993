"""Reading a project to propose its context map: the engine's own facts, nothing imported or run.

One pass of the engine parses every file (the pre-check would skip files
that name no `DomainEvent` yet, and the event bases are what is being looked
for); the index it builds serves every later question: the bases, then the
events they make, the aggregates and handlers, the contexts, the dispatch
calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from eventlint.api import project_of_paths
from eventlint.config import Config
from eventlint.discovery import discover
from eventlint.index import ProjectIndex
from eventlint.model import EventKind
from eventlint.project import Project
from eventlint.proposal.bases import propose_bases, short
from eventlint.proposal.calls import propose_dispatch
from eventlint.proposal.contexts import Holdings, propose_contexts, propose_published_language
from eventlint.proposal.layout import propose_src
from eventlint.proposal.model import Proposal, ProposedBases
from eventlint.proposal.phrases import is_auxiliary

AGGREGATE_WORD = "Aggregate"


def survey(root: Path, *, jobs: int | None = None) -> Proposal:
    """The context map the code of the project at `root` suggests, each part with its evidence."""
    root = root.resolve()
    src = propose_src(root, discover(Config(root=root)))
    config = Config(root=root, src=tuple((root / entry.value).resolve() for entry in src))
    index = project_of_paths(config, cache=False, jobs=jobs, precheck=False).index
    bases = propose_bases(index)
    project = Project.build(
        replace(
            config,
            domain_bases=tuple(entry.value for entry in bases.domain),
            integration_bases=tuple(entry.value for entry in bases.integration),
        ),
        index,
    )
    named = sum(1 for event in project.events.events.values() if not event.derived and not is_auxiliary(event.module))
    if not (bases.found or named):
        return Proposal(src)
    holdings = holdings_of(project, bases)
    contexts, tree = propose_contexts(index.modules, holdings)
    return Proposal(
        src,
        bases,
        contexts,
        propose_published_language(tree, contexts),
        propose_dispatch(project.dispatch.sites),
        named_events=named,
    )


def holdings_of(project: Project, bases: ProposedBases) -> Mapping[str, Holdings]:
    """What each module holds: events (those of undecided bases too), aggregates, handlers of concrete events."""
    index = project.index
    held: dict[str, Holdings] = {}
    concrete = {name for name, event in project.events.events.items() if not event.is_base}
    undecided = frozenset(entry.value for entry in bases.undecided)
    for info in index.iter_classes():
        if info.qualname in index.subclassed:
            continue  # a base of others: no event, aggregate or handler of its own
        here = held.setdefault(info.module, Holdings())
        event = project.events.events.get(info.qualname)
        if event is not None or index.ancestry(info.qualname).names & undecided:
            here.events += 1
            here.integration_events += event is not None and event.kind is EventKind.INTEGRATION
        elif _is_aggregate(index, info.qualname):
            here.aggregates += 1
    handlers: set[tuple[str, object]] = set()
    for handling in project.handlings:
        if handling.event not in concrete:
            continue
        module = handling.handler.module if handling.handler is not None else handling.module
        key = (module, handling.handler.key if handling.handler is not None else handling.span)
        if key not in handlers:
            handlers.add(key)
            held.setdefault(module, Holdings()).handlers += 1
    return held


def _is_aggregate(index: ProjectIndex, qualname: str) -> bool:
    """Whether a class is an aggregate: it derives from one, or is named like one."""
    if short(qualname).endswith((AGGREGATE_WORD, AGGREGATE_WORD + "Root")):
        return True
    return any(AGGREGATE_WORD in short(name) for name in index.ancestry(qualname).names)
