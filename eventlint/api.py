"""The linting pipeline as functions: files in, diagnostics out.

A `Session` holds what a long-running process keeps of one project (the
memory of its runs, the unsaved buffers over its files) and runs it with
`Options`; `lint_paths` is one run of a session on a project on disk, and
`lint_sources` runs the very same pipeline on sources held in memory (tests).
Each stage that fails on a bug is reported as an internal error naming the
stage, and every finding the other stages made is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from eventlint.checks.registry import codes_matching
from eventlint.checks.selection import enabled_codes, vocabulary_of
from eventlint.config.loading import find_config, load_config, parse_config
from eventlint.config.settings import Config, default_config, unconfigured
from eventlint.facts.vocabulary import Vocabulary
from eventlint.files.safeio import MAX_FILE_BYTES, UnreadableFile, read_regular, too_large
from eventlint.index.project import Project
from eventlint.model import Diagnostic
from eventlint.pipeline.cache import Cache, FileList, Memory, Results, Stamp
from eventlint.pipeline.engine import Progress, Run, engine_fingerprint
from eventlint.pipeline.judgements import Judgements
from eventlint.pipeline.workers import Extraction, usable_processors
from eventlint.report.findings import judged_findings, project_index, remembered
from eventlint.report.result import InternalError, Result, merged
from eventlint.report.setup_warnings import setup_warnings
from eventlint.report.suppressions import invalid_directives
from eventlint.sources.discovery import (
    SourceFile,
    discover,
    discovered,
    display_path,
    file_stamp,
    is_below,
    is_excluded,
    module_name,
)
from eventlint.sources.libraries import marked_in_memory, typed_packages, with_libraries
from eventlint.sources.monorepo import projects, without_nested
from eventlint.sources.roots import inferred_roots

_K = TypeVar("_K")
_V = TypeVar("_V")

__all__ = [
    "InternalError",
    "Options",
    "Progress",
    "Result",
    "Session",
    "default_jobs",
    "lint_paths",
    "lint_sources",
    "merged",
    "project_config",
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
    found = find_config(paths[0] if paths else Path.cwd())
    return project_config(found, paths), found is not None


def project_config(found: Path | None, paths: Sequence[Path], display: str | None = None) -> Config:
    """The configuration in the file `found` (named as `display`, by default from the cwd), else the defaults for
    `paths`; either way without the projects nested below it, each judged under its own."""
    if found is None:
        return without_nested(unconfigured(paths))
    shown = display if display is not None else display_path(found, Path.cwd())
    return without_nested(load_config(found, display=shown, rule_codes=codes_matching))


def projects_of(paths: Sequence[Path], config_file: Path | None = None) -> list[tuple[list[Path], Config, bool]]:
    """The PATHs grouped by the project each belongs to (its nearest configuration, as ruff does), with the
    projects nested below them: each file judged once, under its own configuration (`eventlint.sources.monorepo`)."""
    return projects(paths, config_file, rule_codes=codes_matching)


@dataclass(frozen=True)
class Options:
    """The knobs of one run: how it goes, never what it finds (`base` says only how paths are shown)."""

    base: Path | None = None  # paths are shown relative to it (by default the current directory)
    cache: bool = True  # read and write `.eventlint_cache/`
    jobs: int | None = None  # the most worker processes (by default the processors available)
    precheck: bool = True  # False: parse every file, not only those that can matter (the same findings)
    reuse_results: bool = True  # False: judge again even when nothing changed (to fill a memory, to see the project)
    progress: Progress | None = None  # `progress(done, total)` as files are read, for a progress indicator
    judged: Callable[[Project], None] | None = None  # given the project the rules judged (not when results are reused)


class Session:
    """One project as a long-running process keeps it: the memory of its runs and the unsaved buffers over its files.

    With a `memory` (file list, facts, stat stamps), a run reads and parses only what changed since the
    last; with none, nothing is kept. The `overlay` gives the text of some files instead of what is on
    disk (an editor's unsaved buffers, standard input); they need not exist on disk.
    """

    def __init__(self, memory: Memory | None = None, overlay: Mapping[Path, bytes] | None = None) -> None:
        self.memory = memory
        self.overlay: dict[Path, bytes] = {}
        self.show(overlay or {})

    def show(self, buffers: Mapping[Path, bytes]) -> None:
        """Lay the text of these buffers over their files, in place of those laid before."""
        self.overlay = {path.resolve(): data for path, data in buffers.items()}

    def forget_files(self) -> None:
        """A file was created or deleted, or the configuration changed: discover the files again."""
        if self.memory is not None:
            self.memory.forget_files()

    def forget_stamp(self, path: str) -> None:
        """A file changed on disk though its stat stamp may not show it: read it again."""
        if self.memory is not None:
            self.memory.forget_stamp(path)

    def lint(self, paths: Sequence[Path] = (), config: Config | None = None, options: Options = Options()) -> Result:
        """Lint the project holding `paths`; report only files under `paths` (all when empty)."""
        if config is None:
            config, _ = resolve_config(paths)
        base = options.base or Path.cwd()
        targets = [path.resolve() for path in paths]
        notices: list[str] = []
        extra = [path for path in targets if not is_below(path, config.root) or path in self.overlay]
        files = self._files(config, extra, base, notices)
        config = with_libraries(config, files)
        reported = _under(targets)
        stamp = self._stamp if self.memory is not None else None
        listing = _Files(files, functools.partial(self._read, root=config.root), lambda source: reported(source.path), stamp)
        return _lint(listing, config, dataclasses.replace(options, base=base), self.memory, notices)

    def _files(self, config: Config, extra: Sequence[Path], base: Path, notices: list[str]) -> list[SourceFile]:
        """The project's files (as last discovered, when the memory keeps them), with its unsaved buffers, by display."""
        files = discovered(config, extra, base, self.memory.discovered if self.memory is not None else None, notices.append)
        present = {source.path for source in files}
        unsaved = [path for path in sorted(self.overlay) if path not in present and path.suffix == ".py"]
        inferred = inferred_roots(config, [*present, *unsaved]) if unsaved else ()
        for path in unsaved:  # a buffer never saved: a file of the project all the same
            if not is_excluded(path, config):
                module, is_package = module_name(path, config, inferred)
                files.append(SourceFile(path, display_path(path, base), module, is_package))
        files.sort(key=lambda source: source.display)
        return files

    def _read(self, source: SourceFile, root: Path) -> bytes:
        data = self.overlay.get(source.path)
        if data is not None and len(data) > MAX_FILE_BYTES:  # a buffer is held to what a file on disk is
            raise UnreadableFile(too_large())
        return data if data is not None else read_regular(source.path, root)

    def _stamp(self, source: SourceFile) -> Stamp | None:
        return None if source.path in self.overlay else file_stamp(source.path)


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
    """Lint the project holding `paths`, reporting only files under them (all when none): one run of a `Session`
    holding `memory` and `overlay`, the other arguments its `Options`."""
    options = Options(base, cache, jobs, precheck, reuse_results, progress, judged)
    return Session(memory, overlay).lint(paths, config, options)


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
    listing = _Files(files, read, lambda source: wanted is None or source.display in wanted)
    return _lint(listing, config, Options(cache=False, jobs=jobs, precheck=precheck))


def project_of_sources(sources: Mapping[str, str | bytes], config: str | Config | None = None) -> Project:
    """The project as the rules see it, every file read, of in-memory sources (for tools and tests)."""
    config, files, read = _in_memory(sources, config)
    run = Run(files, read, vocabulary_of(config), Extraction(vocabulary_of(config), 1), precheck=False)
    run.screen_all()
    run.settle()
    return Project.build(config, project_index(run, config))


def project_of_paths(
    config: Config, *, cache: bool = True, jobs: int | None = None, precheck: bool = True, vocabulary: Vocabulary | None = None
) -> Project:
    """The project on disk as the rules see it, from the same cache and pre-check as `lint_paths`.

    `precheck=False` parses every file; `vocabulary` replaces the configuration's (`eventlint init`
    looks with wider words for event bases the configuration does not name yet).
    """
    notices: list[str] = []
    files = discover(config, base=config.root)
    config = with_libraries(config, files)
    vocabulary = vocabulary or vocabulary_of(config)
    extraction = Extraction(vocabulary, jobs if jobs is not None else default_jobs())
    try:
        cached = Cache(config.root, notices.append) if cache else None
        run = Run(files, lambda source: read_regular(source.path, config.root), vocabulary, extraction, cached, precheck)
        run.screen_all()
        run.settle()
        project = Project.build(config, project_index(run, config))
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
    marked, sources = marked_in_memory(sources)
    files = []
    inferred = inferred_roots(config, [config.root / relpath for relpath in sources])
    for relpath in sorted(sources):
        module, is_package = module_name(config.root / relpath, config, inferred)
        files.append(SourceFile(config.root / relpath, relpath, module, is_package))
    holding = {config.root / folder for folder in marked}  # the folders holding a `py.typed` entry
    typed = typed_packages(files, holding.__contains__)
    config = dataclasses.replace(config, libraries=config.libraries | typed)
    data = {relpath: text.encode("utf-8") if isinstance(text, str) else text for relpath, text in sources.items()}
    return config, files, lambda source: data[source.display]


@dataclass(frozen=True)
class _Files:
    """The files of a run: which they are, how each is read (and stamped, for a memory), which are reported on."""

    listed: Sequence[SourceFile]
    read: Callable[[SourceFile], bytes]
    reported: Callable[[SourceFile], bool]
    stamp: Callable[[SourceFile], Stamp | None] | None = None


def _lint(
    files: _Files, config: Config, options: Options, memory: Memory | None = None, notices: list[str] | None = None
) -> Result:
    """One run: every file screened, the relevant ones parsed and judged (or the last judgement reused), the reported kept."""
    notices = notices if notices is not None else []
    cache = Cache(config.root, notices.append, memory) if options.cache else None
    enabled = enabled_codes(config)
    vocabulary = vocabulary_of(config)
    extraction = Extraction(vocabulary, options.jobs if options.jobs is not None else default_jobs())
    run = Run(files.listed, files.read, vocabulary, extraction, cache, options.precheck, options.progress, files.stamp)
    errors: list[InternalError] = []
    results_key = _results_key(config, enabled, options.base, options.precheck)
    try:
        run.screen_all()
        results = run.cached_results(results_key) if options.reuse_results else None
        if results is None:
            run.settle()
            unknown_bases: list[str] = []
            judgements: list[Judgements | None] = [None]
            diagnostics = judged_findings(run, config, enabled, errors, unknown_bases, options.judged, results_key, judgements)
            directives = invalid_directives(run.states)
            errors.extend(InternalError(path, details) for path, details in run.errors)
            results = Results(tuple(diagnostics), tuple(directives), tuple(unknown_bases))
            run.save(results_key, results if not errors else None, judgements[0] if not errors else None)
    finally:
        extraction.close()
    states = run.by_display
    kept = [d for d in results.diagnostics if d.path not in states or files.reported(states[d.path].source)]
    files_reported = sum(1 for source in files.listed if files.reported(source))
    warnings = [
        f"{path}:{line}: invalid `# noqa` directive: {why}; it suppresses nothing"
        for path, line, why in results.directives
        if path in states and files.reported(states[path].source)
    ]
    known_setup = cache.memory.setup_warnings if cache is not None and cache.memory is not None else None
    listed = FileList(config, tuple(source.path for source in files.listed))
    setup = [*remembered(known_setup, listed, lambda: tuple(setup_warnings(config, files.listed))), *results.unknown_bases]
    return Result(tuple(sorted(kept, key=Diagnostic.sort_key)), files_reported, tuple(errors), (*setup, *notices, *warnings))


def _results_key(config: Config, enabled: frozenset[str], base: Path | None, precheck: bool) -> str:
    text = "\0".join((engine_fingerprint(), config.fingerprint(), ",".join(sorted(enabled)), str(base), str(precheck)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
