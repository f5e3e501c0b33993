"""Judging a project module by module: after an edit, only the modules whose findings it can change.

The last run's `Judgements` say, per module, which files its findings were
read from and what it brought to the project-wide views (handlers,
publications, events imported by consumers, functions that open a transaction
or publish). A run then:

1. compares the inputs every module shares (engine, configuration, file
   list, names leading to events, the event catalogue's shape): when they
   changed, every module is judged again;
2. works out the project-wide views again for the modules whose files
   changed (the module itself or one it reaches), and takes the others' from
   the record;
3. judges again those modules, every module when a view changed shape (not
   only where its lines are), and every module whose findings point into a
   file that changed; every other module keeps its findings.

The answer is the one a run from scratch gives: the test suite drives random
edits through both and compares them after every step.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from eventlint.checks.outer_transactions import outer_transactions
from eventlint.checks.registry import RULES
from eventlint.index.catalogue import EventClass
from eventlint.index.flows import Publication
from eventlint.index.handlers import HandlerFunction, HandlerRegistration, Handling
from eventlint.index.project import Project, Views
from eventlint.index.reach import Reach
from eventlint.model import Diagnostic, Span
from eventlint.pipeline.engine import Progress, announce
from eventlint.pipeline.judgements import (
    HandlingRecord,
    Judgements,
    Keyed,
    ModuleJudgement,
    PublicationRecord,
    shape_digest,
)

_REGISTRATIONS: tuple[HandlerRegistration, ...] = ("subscription", "decorator", "mapping", "annotation")


@dataclass
class Judged:
    """A run's findings, the record for the next run (None: not to be trusted), and what it judged again."""

    findings: list[Diagnostic]
    judgements: Judgements | None
    project: Project
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, traceback) of bugs
    judged: frozenset[str] = frozenset()  # the modules judged in this run


def judge(
    project: Project,
    enabled: frozenset[str],
    keys: Mapping[str, str],
    inputs: str,
    last: Judgements | None,
    progress: Progress | None = None,
) -> Judged:
    """Judge `project`, again only where the files (by path, with the key of their bytes) differ from `last`.

    `inputs` digests what every module's findings depend on that the project
    does not hold: the engine, configuration, rules enabled, file list and
    names leading to events.
    """
    index = project.index
    shared = _shared_inputs(project, inputs)
    if last is not None and last.inputs != shared:
        last = None
    displays = {module: source.display for module in index.module_names() if (source := index.source_of(module))}
    relevant = list(index.modules)
    fresh = {module for module in relevant if last is None or _stale(last.modules.get(module), keys)}
    if last is not None:
        project.given.update(_given(project, last, [module for module in relevant if module not in fresh]))
    failures: list[tuple[str, str]] = []
    shapes = {module: last.modules[module].shape for module in relevant if module not in fresh} if last else {}
    views = _views_digest(project, shared, relevant, shapes, failures)
    universe = list(dict.fromkeys([*relevant, *_located(project)]))
    if last is None or last.views != views:
        judged, scope = set(universe), None  # every module, and anything found outside them too
    else:
        judged = fresh | {module for module in universe if _stale(last.modules.get(module), keys, pointed=True)}
        scope = frozenset(judged)
    scoped = project.judging(scope)
    found: list[Diagnostic] = []
    for rule in RULES:
        if rule.check is None or rule.code not in enabled:
            continue
        announce(progress, f"checking {rule.code} {rule.name}")
        try:
            found.extend(rule.check(scoped))
        except Exception:
            failures.append((f"rule {rule.code}", traceback.format_exc()))
    if "calls" in vars(project):
        failures.extend(project.calls.failures)
    by_path: dict[str, list[Diagnostic]] = {displays[module]: [] for module in judged if module in displays}
    stray = False
    for diagnostic in found:
        bucket = by_path.get(diagnostic.path)
        if bucket is None:
            stray = True  # found where no module judged is: kept, but not recorded
        else:
            bucket.append(diagnostic)
    record = _record(project, keys, displays, universe, judged, last, fresh, shapes, by_path)
    findings = [d for module in universe for d in record[module].findings]
    if stray:
        findings.extend(d for d in found if d.path not in by_path)
    trusted = not failures and not stray
    judgements = Judgements(shared, views, record) if trusted else None
    return Judged(findings, judgements, scoped, failures, frozenset(judged))


def _shared_inputs(project: Project, inputs: str) -> str:
    """What every module's findings depend on alike: `inputs`, and what no name resolved in a module reaches: whether
    the project has events at all, the events and bases others derive from, the context managers by name.

    Each event's own kind and context are read where a module resolves a name to it, in a module it reaches.
    """
    catalogue = project.events
    derived_from = sorted(e.qualname for e in catalogue.events.values() if e.is_base)
    bases = sorted(info.qualname for info in project.index.iter_classes() if catalogue.is_event_base(info))
    wrappers = sorted(project.calls.wrapped.names)
    text = repr((inputs, bool(catalogue.events), derived_from, bases, sorted(project.index.subclassed), wrappers))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _stale(judgement: ModuleJudgement | None, keys: Mapping[str, str], pointed: bool = False) -> bool:
    """Whether a module's record no longer holds: a file it was read from changed (or, `pointed`, a file its
    findings point into)."""
    if judgement is None:
        return True
    pairs = (*judgement.depends, *judgement.referenced) if pointed else judgement.depends
    return any(keys.get(path) != key for path, key in pairs)


def _given(project: Project, last: Judgements, modules: list[str]) -> Views:
    """The project-wide views of the modules whose record holds, from the record."""
    index, events, contexts = project.index, project.events, project.contexts
    views = Views()
    for module in modules:
        one = last.modules[module]
        source = index.source_of(module)
        if source is None:
            continue
        views.handlings[module] = [_handling(project, record) for record in one.handlings]
        context = contexts.context_of(module)
        views.publications[module] = [
            Publication(event, context, source, record.span, record.transport)
            for record in one.publications
            if (event := events.get(record.event)) is not None
        ]
        views.imported[module] = [(_event(project, name), span) for name, span in one.imported]
        views.openers[module] = list(one.openers)
        views.publishers[module] = list(one.publishers)
    return views


def _handling(project: Project, record: HandlingRecord) -> Handling:
    handler = HandlerFunction(*record.handler) if record.handler is not None else None
    source = project.index.source_of(record.module)
    assert source is not None  # the file list is the one the record was made with
    how: HandlerRegistration = "subscription"
    for known in _REGISTRATIONS:
        if record.how == known:
            how = known
    return Handling(record.event, record.kind, handler, record.module, source, record.span, how)


def _event(project: Project, name: str | None) -> EventClass | None:
    return project.events.get(name) if name is not None else None


def _views_digest(
    project: Project, shared: str, relevant: list[str], shapes: dict[str, str], failures: list[tuple[str, str]]
) -> str:
    """The shape of every project-wide view (positions left out): when it changes, every module is judged again.

    `shapes` holds each module's part already known (from the record); the others' are added to it.
    """
    try:
        for module in relevant:
            if module not in shapes:
                shapes[module] = _module_shape(project, module)
        outer = sorted(outer_transactions(project).outer.items())
    except Exception:
        failures.append(("the project-wide views", traceback.format_exc()))
        return ""
    return shape_digest(shared, [(module, shapes[module]) for module in relevant], outer)


def _module_shape(project: Project, module: str) -> str:
    """The shape of what one module brings to the project-wide views."""
    return shape_digest(
        project.handlings_by_module[module],
        [(p.event.qualname, p.transport) for p in project.publications_by_module[module]],
        [e.qualname if e else None for e, _ in project.imported_by_module.get(module, ())],
        project.openers_by_module[module],
        project.publishers_by_module[module],
    )


def _located(project: Project) -> list[str]:
    """The modules besides the relevant ones that findings can stand in: those of the functions a transaction opened
    elsewhere reaches, and of the handlers a mapping names (some are read only for that)."""
    modules: dict[str, None] = {}
    try:
        reached = list(outer_transactions(project).outer)
    except Exception:  # reported by the views and by the rule that needs them
        reached = []
    for key in reached:
        located = project.index.function(key)
        if located is not None:
            modules.setdefault(located[0])
    try:
        modules.update((handling.module, None) for handling in project.handlings)
    except Exception:
        pass  # reported by the views and by the rules that need them
    return list(modules)


def _record(
    project: Project,
    keys: Mapping[str, str],
    displays: Mapping[str, str],
    universe: list[str],
    judged: set[str],
    last: Judgements | None,
    fresh: set[str],
    shapes: Mapping[str, str],
    by_path: Mapping[str, list[Diagnostic]],
) -> dict[str, ModuleJudgement]:
    """Every module's judgement: the ones judged now made anew, the others kept."""
    reach = Reach(project.index)
    record: dict[str, ModuleJudgement] = {}
    for module in universe:
        if module not in judged and last is not None:
            record[module] = last.modules[module]
            continue
        display = displays.get(module, "")
        depends = _keyed((displays[m] for m in reach.of(module) if m in displays), keys)
        earlier = last.modules.get(module) if last is not None else None
        if earlier is not None and module not in fresh:  # its views come from the record: so do their files
            depends = tuple(sorted({*depends, *earlier.depends}))
        findings = tuple(by_path.get(display, ()))
        pointed = {related.path for d in findings for related in d.related if related.path != display}
        record[module] = ModuleJudgement(
            depends,
            tuple(_handling_record(h) for h in project.handlings_by_module.get(module, ())),
            tuple(
                PublicationRecord(p.event.qualname, p.span, p.transport) for p in project.publications_by_module.get(module, ())
            ),
            tuple((e.qualname if e is not None else None, s) for e, s in project.imported_by_module.get(module, ())),
            tuple(project.openers_by_module.get(module, ())),
            tuple(project.publishers_by_module.get(module, ())),
            findings,
            _keyed(pointed, keys),
            shapes.get(module, ""),
        )
    return record


def _handling_record(handling: Handling) -> HandlingRecord:
    handler = handling.handler
    made: tuple[str, str, Span] | None = (handler.key, handler.module, handler.span) if handler is not None else None
    return HandlingRecord(handling.event, handling.kind, handling.module, handling.span, handling.how, made)


def _keyed(paths: Iterable[str], keys: Mapping[str, str]) -> Keyed:
    return tuple(sorted((path, keys.get(path, "")) for path in set(paths)))
