"""A run's findings: the modules an edit can change judged again, EVL001s added, suppressions applied.

`judged_findings` is the judging half of `eventlint.api`'s run, once the
files are read and the relevant ones parsed (`eventlint.pipeline.engine.Run`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import traceback
from collections.abc import Callable, Mapping
from typing import TypeVar

from eventlint.checks.judging import judge
from eventlint.checks.unparsable import unparsable_file
from eventlint.checks.unused_noqa import UNUSED_NOQA
from eventlint.config.settings import Config
from eventlint.facts.noqa import NoqaComments
from eventlint.index.names import ProjectIndex
from eventlint.index.project import Project
from eventlint.model import Diagnostic
from eventlint.pipeline.cache import FileList
from eventlint.pipeline.engine import FileState, Run, announce
from eventlint.pipeline.judgements import Judgements
from eventlint.report.result import InternalError
from eventlint.report.setup_warnings import missing_bases
from eventlint.report.suppressions import reportable, unused_noqa
from eventlint.sources.discovery import module_owners

_K = TypeVar("_K")
_V = TypeVar("_V")


def remembered(kept: dict[_K, _V] | None, key: _K, work: Callable[[], _V]) -> _V:
    """`work()`, once per `key` while a memory `kept` it (what depends on the key alone)."""
    if kept is None:
        return work()
    if key not in kept:
        kept[key] = work()
    return kept[key]


def project_index(run: Run, config: Config) -> ProjectIndex:
    """The index of a run's files: every module of the project, the relevant ones read, the others on demand."""
    memory = run.cache.memory if run.cache is not None else None
    files = [state.source for state in run.states]
    listed = FileList(config, tuple(source.path for source in files))
    owners = remembered(memory.owners if memory is not None else None, listed, lambda: module_owners(files, config)[0])
    sources = {module: source for module, source in owners.items() if run.by_display[source.display].failure is None}
    tables = None
    if memory is not None:
        tables = memory.derived.setdefault("tables", {})
        if len(tables) > 2 * len(memory.entries) + 1000:  # facts no run holds any more
            tables.clear()
    return ProjectIndex(
        sources,
        run.facts_of,
        [s.source.module for s in run.relevant],
        leading=run.names if run.precheck else None,
        vocabulary=run.vocabulary,
        tables=tables,
    )


def judged_findings(
    run: Run,
    config: Config,
    enabled: frozenset[str],
    errors: list[InternalError],
    unknown_bases: list[str],
    judged: Callable[[Project], None] | None = None,
    results_key: str = "",
    judgements: list[Judgements | None] | None = None,
) -> list[Diagnostic]:
    """Run the rules over the modules whose findings can have changed since the last run (`eventlint.checks.judging`),
    add EVL001s, then drop what is suppressed. `judgements` receives the record for the next run."""
    found: list[Diagnostic] = []
    announce(run.progress, "indexing the project")
    try:
        project: Project | None = Project.build(config, project_index(run, config))
        unknown_bases.extend(missing_bases(config, project.index) if project is not None else ())
    except Exception:
        errors.append(InternalError("the project index", traceback.format_exc()))
        project = None
    if project is not None:
        last = run.manifest.judgements if run.manifest is not None else None
        relevant = {id(state) for state in run.relevant}
        # A file's key, marked when the file is relevant: a module's findings change when one it reaches becomes relevant.
        keys = {state.source.display: state.key + ("+" if id(state) in relevant else "") for state in run.states}
        outcome = judge(project, enabled, keys, _inputs(run, results_key), last, run.progress)
        found.extend(outcome.findings)
        errors.extend(InternalError(where, details) for where, details in outcome.failures)
        if judgements is not None:
            judgements[0] = outcome.judgements
        if judged is not None:
            judged(outcome.project)
    for state in run.states:  # last: reading modules on demand may have met unparsable ones
        failure = state.failure
        if failure is not None:
            found.append(unparsable_file(state.source, failure))
    states = {state.source.display: state for state in run.states}
    noqa: dict[str, NoqaComments] = {}
    used: dict[str, set[tuple[int, str | None]]] = {}
    kept = []
    for diagnostic in found:
        try:
            if reportable(diagnostic, states, config, enabled, noqa, used):
                kept.append(diagnostic)
        except Exception:
            errors.append(InternalError(f"suppressions of {diagnostic.path}", traceback.format_exc()))
            kept.append(diagnostic)
    if UNUSED_NOQA.code in enabled:
        try:
            kept.extend(unused_noqa(run.states, config, enabled, used))
        except Exception:
            errors.append(InternalError(f"rule {UNUSED_NOQA.code}", traceback.format_exc()))
    return [_with_symbol(diagnostic, states) for diagnostic in kept]


_TEXT, _ANY = "utf-8", "surrogatepass"  # a path's name may be any bytes


def _inputs(run: Run, results_key: str) -> str:
    """What every module's findings depend on besides the project's code: engine, configuration, rules, file list.

    Not the names leading to events: they only spare resolving names that cannot lead to an event.
    """
    digest = hashlib.blake2b(results_key.encode("utf-8"), digest_size=16)
    for state in run.states:
        digest.update(f"\0{state.source.display}\0{state.source.module}\0{int(state.source.is_package)}".encode(_TEXT, _ANY))
    return digest.hexdigest()


def _with_symbol(diagnostic: Diagnostic, states: Mapping[str, FileState]) -> Diagnostic:
    """The finding with the innermost class or function it stands in (what a baseline keys on)."""
    state = states.get(diagnostic.path)
    symbol = state.symbol_at(diagnostic.span.line) if state is not None else None
    return dataclasses.replace(diagnostic, symbol=symbol) if symbol is not None else diagnostic
