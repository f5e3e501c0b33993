"""The linting pipeline as functions: files in, diagnostics out.

`lint_paths` reads a project from disk; `lint_sources` runs the very same
pipeline on sources held in memory (tests, the language server). Each stage
that fails on a bug is reported as an internal error naming the stage, and
every finding the other stages made is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from eventlint.checks.registry import RULES, codes_matching
from eventlint.checks.selection import enabled_codes, vocabulary_of
from eventlint.checks.unparsable import unparsable_file
from eventlint.checks.unused_noqa import UNUSED_NOQA
from eventlint.config.loading import find_config, load_config, parse_config
from eventlint.config.settings import Config, default_config, unconfigured
from eventlint.facts.noqa import NoqaComments
from eventlint.facts.records import ModuleFacts
from eventlint.facts.vocabulary import Vocabulary
from eventlint.files.safeio import MAX_FILE_BYTES, UnreadableFile, read_regular, too_large
from eventlint.index.names import ProjectIndex
from eventlint.index.project import Project
from eventlint.model import Diagnostic
from eventlint.pipeline.cache import Cache, Memory
from eventlint.pipeline.engine import FileState, Progress, Run, announce, engine_fingerprint
from eventlint.pipeline.workers import Extraction, usable_processors
from eventlint.report.console import Console
from eventlint.report.outcome import EXIT_ERROR, CheckRequest, ProjectOutcome, concluded, configured, judged
from eventlint.report.result import InternalError, Result
from eventlint.report.setup_warnings import missing_bases, setup_warnings
from eventlint.report.suppressions import invalid_directives, reportable, unused_noqa
from eventlint.sources.discovery import (
    SourceFile,
    discover,
    discovered,
    display_path,
    file_stamp,
    is_below,
    is_excluded,
    module_name,
    module_owners,
)
from eventlint.sources.libraries import marked_in_memory, with_libraries
from eventlint.sources.monorepo import projects, without_nested

_T = TypeVar("_T")

__all__ = [
    "InternalError",
    "Progress",
    "Result",
    "default_jobs",
    "lint_paths",
    "lint_sources",
    "merged",
    "project_of_paths",
    "projects_of",
    "resolve_config",
]


def default_jobs() -> int:
    """The processors this process may run on (also the most workers a run starts)."""
    return usable_processors()


def resolve_config(paths: Sequence[Path], config_file: Path | None = None) -> tuple[Config, bool]:
    """The configuration for a run, and whether one was found (else defaults at the cwd).

    The projects nested below it, each with its own configuration, are left out of it.
    """
    if config_file is not None:
        return load_config(config_file, display=str(config_file), rule_codes=codes_matching), True
    start = paths[0] if paths else Path.cwd()
    found = find_config(start)
    if found is None:
        return without_nested(unconfigured(paths)), False
    return without_nested(load_config(found, display=display_path(found, Path.cwd()), rule_codes=codes_matching)), True


def projects_of(paths: Sequence[Path], config_file: Path | None = None) -> list[tuple[list[Path], Config, bool]]:
    """The PATHs grouped by the project each belongs to (its nearest configuration, as ruff does), with the
    projects nested below them: each file judged once, under its own configuration (`eventlint.sources.monorepo`)."""
    return projects(paths, config_file, rule_codes=codes_matching)


def merged(results: Sequence[Result]) -> Result:
    """The results of several projects as one run's."""
    if len(results) == 1:
        return results[0]
    diagnostics = sorted((d for result in results for d in result.diagnostics), key=Diagnostic.sort_key)
    return Result(
        tuple(diagnostics),
        sum(result.files for result in results),
        tuple(error for result in results for error in result.errors),
        tuple(dict.fromkeys(notice for result in results for notice in result.notices)),
        sum(result.baselined for result in results),
    )


def lint_paths(
    paths: Sequence[Path] = (),
    config: Config | None = None,
    *,
    base: Path | None = None,
    progress: Progress | None = None,
    cache: bool = True,
    jobs: int | None = None,
    precheck: bool = True,
    overlay: Mapping[Path, bytes] | None = None,
    memory: Memory | None = None,
    reuse_results: bool = True,
    judged: Callable[[Project], None] | None = None,
) -> Result:
    """Lint the project holding `paths`; report only files under `paths` (all when empty).

    `progress(done, total)` is called as files are read, for a progress
    indicator. `cache` reads and writes `.eventlint_cache/`; `jobs` bounds the
    worker processes (default: the processors available); `precheck=False`
    parses every file instead of only those that can matter (same findings).
    `overlay` gives the text of some files instead of what is on disk (an
    editor's unsaved buffer, standard input); they need not exist on disk.
    `memory` is what a long-running caller keeps between runs of the project
    (the file list, facts, and stat stamps of files not read again);
    `reuse_results=False` judges again even when nothing changed (to fill it);
    `judged(project)` is called with the project the rules judged (not when
    the last results are reused).
    """
    if config is None:
        config, _ = resolve_config(paths)
    config = with_libraries(config)
    base = base or Path.cwd()
    targets = [path.resolve() for path in paths]
    texts = {path.resolve(): data for path, data in (overlay or {}).items()}
    known = [path for path in targets if not is_below(path, config.root) or path in texts]
    notices: list[str] = []
    files = discovered(config, known, base, memory.discovered if memory is not None else None, notices.append)
    present = {source.path for source in files}
    for path in sorted(texts):  # a buffer never saved: a file of the project all the same
        if path not in present and path.suffix == ".py" and not is_excluded(path, config):
            module, is_package = module_name(path, config)
            files.append(SourceFile(path, display_path(path, base), module, is_package))
    files.sort(key=lambda source: source.display)
    reported = _under(targets)

    def read(source: SourceFile) -> bytes:
        data = texts.get(source.path)
        if data is not None and len(data) > MAX_FILE_BYTES:  # a buffer is held to what a file on disk is
            raise UnreadableFile(too_large())
        return data if data is not None else read_regular(source.path, config.root)

    return _lint(
        files,
        read,
        config,
        lambda source: reported(source.path),
        progress=progress,
        cache=Cache(config.root, notices.append, memory) if cache else None,
        jobs=jobs if jobs is not None else default_jobs(),
        precheck=precheck,
        base=base,
        notices=notices,
        stamp=(lambda source: None if source.path in texts else file_stamp(source.path)) if memory is not None else None,
        reuse_results=reuse_results,
        judged=judged,
    )


def _under(targets: Sequence[Path]) -> Callable[[Path], bool]:
    """Whether a path is one of `targets` or below one: a set lookup per folder above it."""
    wanted = frozenset(str(target) for target in targets)
    if not wanted:
        return lambda path: True

    def below(path: Path) -> bool:
        text = str(path)
        while True:
            if text in wanted:
                return True
            parent = os.path.dirname(text)
            if parent == text:
                return False
            text = parent

    return below


def lint_sources(
    sources: Mapping[str, str | bytes],
    config: str | Config | None = None,
    *,
    report: Iterable[str] | None = None,
    jobs: int = 1,
    precheck: bool = True,
) -> Result:
    """Lint an in-memory project of `{relative path: source}`; `config` is eventlint.toml text.

    `report` limits which paths are reported on, as PATHs do on the command line.
    """
    config, files, read = _in_memory(sources, config)
    wanted = set(report) if report is not None else None
    return _lint(files, read, config, lambda s: wanted is None or s.display in wanted, jobs=jobs, precheck=precheck)


def project_of_sources(sources: Mapping[str, str | bytes], config: str | Config | None = None) -> Project:
    """The project as the rules see it, every file read, of in-memory sources (for tools and tests)."""
    config, files, read = _in_memory(sources, config)
    run = Run(files, read, vocabulary_of(config), Extraction(vocabulary_of(config), 1), precheck=False)
    run.screen_all()
    run.settle()
    return Project.build(config, _index(run, config))


def project_of_paths(
    config: Config, *, cache: bool = True, jobs: int | None = None, precheck: bool = True, vocabulary: Vocabulary | None = None
) -> Project:
    """The project on disk as the rules see it, from the same cache and pre-check as `lint_paths`.

    `precheck=False` parses every file; `vocabulary` replaces the configuration's (`eventlint init`
    looks with wider words for event bases the configuration does not name yet).
    """
    notices: list[str] = []
    config = with_libraries(config)
    files = discover(config, base=config.root)
    vocabulary = vocabulary or vocabulary_of(config)
    extraction = Extraction(vocabulary, jobs if jobs is not None else default_jobs())
    try:
        cached = Cache(config.root, notices.append) if cache else None
        run = Run(files, lambda source: read_regular(source.path, config.root), vocabulary, extraction, cached, precheck)
        run.screen_all()
        run.settle()
        project = Project.build(config, _index(run, config))
        _ = project.flows  # resolved while the workers are up (modules read on demand later start them again)
    finally:
        extraction.close()
    return project


def _in_memory(
    sources: Mapping[str, str | bytes], config: str | Config | None
) -> tuple[Config, list[SourceFile], Callable[[SourceFile], bytes]]:
    root = Path("/eventlint-memory")
    if isinstance(config, str):
        config = parse_config(config, root=root, rule_codes=codes_matching)
    config = config or default_config(root)
    config, sources = marked_in_memory(config, sources)
    files = []
    for relpath in sorted(sources):
        module, is_package = module_name(config.root / relpath, config)
        files.append(SourceFile(config.root / relpath, relpath, module, is_package))
    data = {relpath: text.encode("utf-8") if isinstance(text, str) else text for relpath, text in sources.items()}
    return config, files, lambda source: data[source.display]


def _lint(
    files: Sequence[SourceFile],
    read: Callable[[SourceFile], bytes],
    config: Config,
    reported: Callable[[SourceFile], bool],
    *,
    progress: Progress | None = None,
    cache: Cache | None = None,
    jobs: int = 1,
    precheck: bool = True,
    base: Path | None = None,
    notices: Sequence[str] = (),
    stamp: Callable[[SourceFile], tuple[int, int, int] | None] | None = None,
    reuse_results: bool = True,
    judged: Callable[[Project], None] | None = None,
) -> Result:
    enabled = enabled_codes(config)
    vocabulary = vocabulary_of(config)
    extraction = Extraction(vocabulary, jobs)
    run = Run(files, read, vocabulary, extraction, cache, precheck, progress, stamp)
    errors: list[InternalError] = []
    results_key = _results_key(config, enabled, base, precheck)
    try:
        run.screen_all()
        cached = run.cached_results(results_key) if reuse_results else None
        diagnostics: Sequence[Diagnostic]
        directives: Sequence[tuple[str, int, str]]
        unknown_bases: list[str] = []
        if _sound_results(cached):
            assert isinstance(cached, tuple)
            diagnostics, directives, known = cached
            unknown_bases.extend(known)
        else:
            run.settle()
            diagnostics = _judge(run, config, enabled, errors, unknown_bases, judged)
            directives = invalid_directives(run.states)
            errors.extend(InternalError(path, details) for path, details in run.errors)
            results = (tuple(diagnostics), tuple(directives), tuple(unknown_bases))
            run.save(results_key, results if not errors else None)
    finally:
        extraction.close()
    by_path = {state.source.display: state.source for state in run.states}
    kept = [d for d in diagnostics if d.path not in by_path or reported(by_path[d.path])]
    files_reported = sum(1 for source in files if reported(source))
    warnings = [
        f"{path}:{line}: invalid `# noqa` directive: {why}; it suppresses nothing"
        for path, line, why in directives
        if path in by_path and reported(by_path[path])
    ]
    setup = [*_remembered(cache, "setup", config, files, lambda: tuple(setup_warnings(config, files))), *unknown_bases]
    return Result(tuple(sorted(kept, key=Diagnostic.sort_key)), files_reported, tuple(errors), (*setup, *notices, *warnings))


def _sound_results(cached: object) -> bool:
    """Whether what the cache holds has the shape of results: diagnostics, then invalid directives."""
    if not (isinstance(cached, tuple) and len(cached) == 3):
        return False
    diagnostics, directives, unknown_bases = cached
    return (
        isinstance(diagnostics, tuple)
        and all(isinstance(d, Diagnostic) for d in diagnostics)
        and isinstance(directives, tuple)
        and all(isinstance(d, tuple) and len(d) == 3 for d in directives)
        and isinstance(unknown_bases, tuple)
        and all(isinstance(w, str) for w in unknown_bases)
    )


def _results_key(config: Config, enabled: frozenset[str], base: Path | None, precheck: bool) -> str:
    text = "\0".join((engine_fingerprint(), repr(config), ",".join(sorted(enabled)), str(base), str(precheck)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _remembered(cache: Cache | None, what: str, config: Config, files: Sequence[SourceFile], work: Callable[[], _T]) -> _T:
    """`work()`, which depends on the configuration and the file list only: once per both in a long-running process."""
    if cache is None or cache.memory is None:
        return work()
    return cache.memory.derive((what, repr(config), tuple(source.path for source in files)), work)


def _index(run: Run, config: Config) -> ProjectIndex:
    files = [state.source for state in run.states]
    owners, _ = _remembered(run.cache, "owners", config, files, lambda: module_owners(files, config))
    states = {state.source.display: state for state in run.states}
    sources = {module: source for module, source in owners.items() if states[source.display].failure is None}
    return ProjectIndex(
        sources,
        lambda source: run.facts_of(states[source.display]),
        [s.source.module for s in run.relevant],
        leading=run.names if run.precheck else None,
        vocabulary=run.vocabulary,
    )


def _judge(
    run: Run,
    config: Config,
    enabled: frozenset[str],
    errors: list[InternalError],
    unknown_bases: list[str],
    judged: Callable[[Project], None] | None = None,
) -> list[Diagnostic]:
    """Run the rules over the relevant files, add EVL001s, then drop what is suppressed."""
    found: list[Diagnostic] = []
    announce(run.progress, "indexing the project")
    try:
        project: Project | None = Project.build(config, _index(run, config))
        unknown_bases.extend(missing_bases(config, project.index) if project is not None else ())
    except Exception:
        errors.append(InternalError("the project index", traceback.format_exc()))
        project = None
    if project is not None:
        for rule in RULES:
            if rule.check is None or rule.code not in enabled:
                continue
            announce(run.progress, f"checking {rule.code} {rule.name}")
            try:
                found.extend(rule.check(project))
            except Exception:
                errors.append(InternalError(f"rule {rule.code}", traceback.format_exc()))
        if "calls" in vars(project):  # built by a rule that needed it
            errors.extend(InternalError(path, details) for path, details in project.calls.failures)
        if judged is not None:
            judged(project)
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


def _with_symbol(diagnostic: Diagnostic, states: Mapping[str, FileState]) -> Diagnostic:
    """The finding with the innermost class or function it stands in (what a baseline keys on)."""
    state = states.get(diagnostic.path)
    facts = state.outcome if state is not None and isinstance(state.outcome, ModuleFacts) else None
    if facts is None:
        return diagnostic
    line, best, start = diagnostic.span.line, None, 0
    definitions = [(c.qualname, c.lines) for c in facts.classes]
    definitions += [(f.qualname, f.lines) for f in facts.functions if not f.is_lambda and f.lines != (0, 0)]
    for qualname, (first, last) in definitions:
        if first <= line <= last and first >= start:
            best, start = qualname, first
    return dataclasses.replace(diagnostic, symbol=best) if best is not None else diagnostic


def check_projects(
    projects: Sequence[tuple[list[Path], Config, bool]],
    request: CheckRequest,
    console: Console,
    *,
    cache: bool = True,
    jobs: int | None = None,
    overlay: Mapping[Path, bytes] | None = None,
) -> int:
    """A check over the projects its PATHs belong to (`projects_of`): each linted and judged against its
    baseline, rewritten as asked, then one report; the exit code."""
    outcomes: list[ProjectOutcome] = []
    for members, config, found in projects:
        config = configured(config, found, request, console)
        lint = functools.partial(lint_paths, config=config, cache=cache, jobs=jobs)
        with console.indicator() as progress:  # a baseline records the whole project
            linted = lint([] if request.update_baseline else members, progress=progress, overlay=overlay)
        outcome = judged(linted, config, request, console, functools.partial(lint, members))
        if outcome.failed:
            return EXIT_ERROR
        outcomes.append(outcome)
    return concluded(outcomes, merged([outcome.result for outcome in outcomes]), request, console)
