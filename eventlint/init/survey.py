"""Reading a project to propose its context map: the engine's own facts, nothing imported or run.

One pass of the engine reads the project with the pre-check, screening and
workers of a check, but a wider vocabulary: the bases are what is being
looked for, so every class whose name holds `Event` or `Aggregate` counts,
with its family (subclasses, imports, aliases) and the files naming them (a
handler, a publisher). A
base named neither way (`Message`, with subclasses named `*Event`) needs
its other subclasses too: a second pass then adds its name. The index serves
every later question: the bases, then the events they make, the aggregates
and handlers, the contexts, the dispatch calls. What it proposes is what
parsing every file proposes (`precheck=False`), at the cost of a check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from eventlint.api import project_of_paths
from eventlint.config.settings import Config
from eventlint.facts.vocabulary import Vocabulary
from eventlint.index.contextmap import covers
from eventlint.index.names import ProjectIndex
from eventlint.index.project import Project
from eventlint.init.bases import families, propose_bases, short
from eventlint.init.calls import propose_dispatch
from eventlint.init.consumers import find_consumers
from eventlint.init.contexts import Holdings, propose_contexts, propose_left_out, propose_published_language
from eventlint.init.kept import KeptMap, read_kept_maps
from eventlint.init.layout import propose_src
from eventlint.init.phrases import is_auxiliary
from eventlint.init.proposal import Entry, Proposal, ProposedBases, ProposedContext, ProposedDispatch
from eventlint.init.relationships import propose_relationships
from eventlint.init.scope import propose_exclude
from eventlint.init.separate import propose_separate
from eventlint.init.services import propose_apart, propose_services
from eventlint.init.travel import travels
from eventlint.model import EventKind, Role
from eventlint.sources.discovery import discover

AGGREGATE_WORD = "Aggregate"
# What makes a name matter to a survey, before any base is configured.
SURVEY_VOCABULARY = Vocabulary(fragments=("Event", AGGREGATE_WORD), families=True)


def survey(root: Path, *, jobs: int | None = None, precheck: bool = True, read: ProposedBases | None = None) -> Proposal:
    """The context map the code of the project at `root` suggests, each part with its evidence.

    `precheck=False` parses every file (the same proposal, slower). `read`: the bases as a survey of
    the whole repository decided them, for a service configured apart (only the repository shows the
    other services taking its events in).
    """
    root = root.resolve()
    files = discover(Config(root=root))
    src = propose_src(root, files)
    config = Config(root=root, src=tuple((root / entry.value).resolve() for entry in src))
    index = _surveyed(config, jobs, precheck)
    named_only = propose_bases(index)  # by names: every event-like base read as events, to see how they travel
    project = _built(config, index, named_only.domain + named_only.undecided, named_only.integration)
    named = sum(1 for event in project.events.events.values() if not event.derived and not is_auxiliary(event.module))
    sources = discover(config, base=config.root)
    if not (named_only.found or named):  # no events: still the scope, and the services configured apart
        return Proposal(
            src,
            exclude=propose_exclude(root, files) + propose_apart(root, sources),
            separate=propose_separate(root, sources, config.src),
        )
    consumers = find_consumers(project)
    holdings = holdings_of(project, named_only, consumers.handlers)
    modules = [source.module for source in sources]  # those holding nothing too
    services = propose_services(root, sources, config.src, holdings)
    contexts, tree = propose_contexts(modules, holdings, services, _context_name(root))
    kept = read_kept_maps(root, modules) or KeptMap(())
    contexts = _beside(kept.contexts, contexts)  # the team's own map first, where it names contexts of this project
    published = propose_published_language(tree, contexts)
    first = propose_dispatch(project.calls, sources, root, by_kinds=False)  # the kinds are being decided
    unresolved = {entry.value: role for role, entries in first.by_role for entry in entries}
    every = [entry.value for entry in named_only.domain + named_only.integration + named_only.undecided]
    bases = _as_read(propose_bases(index, travels(project, every, contexts, published, unresolved)), read)
    if (bases.domain, bases.integration) != (named_only.domain + named_only.undecided, named_only.integration):
        project = _built(config, index, bases.domain, bases.integration)
    dispatch = _with_subscribers(propose_dispatch(project.calls, sources, root), consumers.subscriber())
    shown = propose_relationships(config, index, bases, contexts, published, dispatch)
    return Proposal(
        src,
        bases,
        contexts,
        published,
        dispatch,
        named_events=named,
        exclude=propose_exclude(root, files, [module for context in contexts for module in context.modules])
        + propose_apart(root, sources),
        left_out=_joined(
            kept.left_out, propose_left_out(tree, contexts, (e.value for e in bases.domain + bases.integration + bases.undecided))
        ),
        relationships=_joined(kept.relationships, shown),
        separate=propose_separate(root, sources, config.src),
        shared_kernels=kept.shared_kernels,
        kept_maps=kept.read,
    )


def _context_name(root: Path) -> str:
    """The name a project that is one context gets: its folder's, as a context name."""
    name = re.sub(r"\W", "_", root.name.lower()).strip("_")
    for affix in ("service_", "_service"):
        name = name.removeprefix(affix) if affix.endswith("_") else name.removesuffix(affix)
    return name or "project"


def _as_read(bases: ProposedBases, read: ProposedBases | None) -> ProposedBases:
    """The bases, each of the kind the repository's survey gave it where it gave one."""
    if read is None:
        return bases
    said = {entry.value: (kind, entry) for kind in EventKind for entry in read.of(kind)}
    decided: dict[EventKind, list[Entry]] = {kind: [] for kind in EventKind}
    undecided: list[Entry] = []
    for entry, kind in [*((e, k) for k in EventKind for e in bases.of(k)), *((e, None) for e in bases.undecided)]:
        if entry.value in said:
            kind, entry = said[entry.value]
        (decided[kind] if kind is not None else undecided).append(entry)
    return ProposedBases(tuple(decided[EventKind.DOMAIN]), tuple(decided[EventKind.INTEGRATION]), tuple(undecided))


def _beside(declared: Sequence[ProposedContext], found: Sequence[ProposedContext]) -> tuple[ProposedContext, ...]:
    """The contexts a team's map declares, then those the code shows that none of them overlaps
    (a map may name only some: the example in the documentation, the contexts of one team)."""
    taken = [module for context in declared for module in context.modules]
    names = {context.name for context in declared}
    kept = [
        context
        for context in found
        if context.name not in names and not any(_overlap(module, other) for module in context.modules for other in taken)
    ]
    return (*declared, *kept)


def _overlap(one: str, other: str) -> bool:
    return covers(one, other) or covers(other, one)


def _joined(declared: Sequence[Entry], shown: Sequence[Entry]) -> tuple[Entry, ...]:
    """The entries a team's map declares (relationships, packages left out), then those only the code shows."""
    values = {entry.value for entry in declared}
    return (*declared, *(entry for entry in shown if entry.value not in values))


def _built(config: Config, index: ProjectIndex, domain: Sequence[Entry], integration: Sequence[Entry]) -> Project:
    """The project as a check with those event bases reads it."""
    bases = replace(config, domain_bases=tuple(e.value for e in domain), integration_bases=tuple(e.value for e in integration))
    return Project.build(bases, index)


def _surveyed(config: Config, jobs: int | None, precheck: bool) -> ProjectIndex:
    """The project's index, holding every module where a base, event, aggregate or handler may be."""
    index = project_of_paths(config, cache=False, jobs=jobs, precheck=precheck, vocabulary=SURVEY_VOCABULARY).index
    if not precheck:
        return index
    unnamed = frozenset(short(family.base) for family in families(index) if not SURVEY_VOCABULARY.hits(short(family.base)))
    if not unnamed:
        return index
    wider = Vocabulary(unnamed, SURVEY_VOCABULARY.fragments, families=True)  # its subclasses, whatever their names
    return project_of_paths(config, cache=False, jobs=jobs, vocabulary=wider).index


def holdings_of(project: Project, bases: ProposedBases, consumers: Mapping[str, int] | None = None) -> Mapping[str, Holdings]:
    """What each module holds: events (those of undecided bases too), aggregates, handlers of concrete events
    (with the `consumers` the handlings leave out: `eventlint.init.consumers`)."""
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
    for module, count in (consumers or {}).items():
        held.setdefault(module, Holdings()).handlers += count
    return held


def _with_subscribers(dispatch: ProposedDispatch, subscriber: tuple[tuple[Role, tuple[Entry, ...]], ...]) -> ProposedDispatch:
    return replace(dispatch, by_role=dispatch.by_role + subscriber)


def _is_aggregate(index: ProjectIndex, qualname: str) -> bool:
    """Whether a class is an aggregate: it derives from one, or is named like one."""
    if short(qualname).endswith((AGGREGATE_WORD, AGGREGATE_WORD + "Root")):
        return True
    return any(AGGREGATE_WORD in short(name) for name in index.ancestry(qualname).names)
