"""The linting pipeline as functions: files in, diagnostics out.

`lint_paths` reads a project from disk; `lint_sources` runs the very same
pipeline on sources held in memory (tests, the language server).
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.checks import RULES
from eventlint.checks.base import finding
from eventlint.config import Config, default_config
from eventlint.configfile import find_config, load_config, parse_config
from eventlint.discovery import SourceFile, discover, display_path, is_below, module_name
from eventlint.facts import ModuleFacts, ParseFailure, extract
from eventlint.index import ModuleEntry
from eventlint.model import Diagnostic, Span
from eventlint.project import Project
from eventlint.suppress import NoqaComments, enabled_codes, ignored_by_path

# Facts depend only on the bytes and the module name: a run in the same process
# (the language server, a test checking files one by one) reuses them.
_extract = functools.lru_cache(maxsize=8192)(extract)


@dataclass(frozen=True)
class InternalError:
    """A bug met while checking one file or running one rule; the rest was still checked."""

    where: str
    details: str


@dataclass(frozen=True)
class Result:
    """What a run found: sorted diagnostics, how many files were reported on, internal errors."""

    diagnostics: tuple[Diagnostic, ...]
    files: int
    errors: tuple[InternalError, ...] = ()


def resolve_config(paths: Sequence[Path], config_file: Path | None = None) -> tuple[Config, bool]:
    """The configuration for a run, and whether one was found (else defaults at the cwd)."""
    if config_file is not None:
        return load_config(config_file, display=str(config_file)), True
    start = paths[0] if paths else Path.cwd()
    found = find_config(start)
    if found is None:
        return default_config(Path.cwd()), False
    return load_config(found, display=display_path(found, Path.cwd())), True


Progress = Callable[[int, int], None]


def lint_paths(
    paths: Sequence[Path] = (),
    config: Config | None = None,
    *,
    base: Path | None = None,
    progress: Progress | None = None,
) -> Result:
    """Lint the project holding `paths`; report only files under `paths` (all when empty).

    `progress(done, total)` is called as files are read, for a progress indicator.
    """
    if config is None:
        config, _ = resolve_config(paths)
    base = base or Path.cwd()
    targets = [path.resolve() for path in paths]
    files = discover(config, extra=[path for path in targets if not is_below(path, config.root)], base=base)

    def reported(source: SourceFile) -> bool:
        return not targets or any(source.path == target or is_below(source.path, target) for target in targets)

    return _lint(files, lambda source: source.path.read_bytes(), config, reported, progress)


def lint_sources(
    sources: Mapping[str, str | bytes],
    config: str | Config | None = None,
    *,
    report: Iterable[str] | None = None,
) -> Result:
    """Lint an in-memory project of `{relative path: source}`; `config` is eventlint.toml text.

    `report` limits which paths are reported on, as PATHs do on the command line.
    """
    config, files, read = _in_memory(sources, config)
    wanted = set(report) if report is not None else None
    return _lint(files, read, config, lambda s: wanted is None or s.display in wanted)


def project_of_sources(sources: Mapping[str, str | bytes], config: str | Config | None = None) -> Project:
    """The project index of in-memory sources, as the rules see it (for tools and tests)."""
    config, files, read = _in_memory(sources, config)
    return Project.build(config, _read_facts(files, read, [], [])[1])


def _in_memory(
    sources: Mapping[str, str | bytes], config: str | Config | None
) -> tuple[Config, list[SourceFile], Callable[[SourceFile], bytes]]:
    root = Path("/eventlint-memory")
    if isinstance(config, str):
        config = parse_config(config, root=root)
    config = config or default_config(root)
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
    progress: Progress | None = None,
) -> Result:
    enabled = enabled_codes(config)
    found: list[Diagnostic] = []
    errors: list[InternalError] = []
    facts_by_path, entries = _read_facts(files, read, found, errors, progress)
    project = Project.build(config, entries)
    for rule in RULES:
        if rule.code not in enabled:
            continue
        try:
            found.extend(rule.check(project))
        except Exception:
            errors.append(InternalError(f"rule {rule.code}", traceback.format_exc()))
    if "dispatch" in vars(project):  # built by a rule that needed it
        errors.extend(InternalError(path, details) for path, details in project.dispatch.failures)
    noqa: dict[str, NoqaComments] = {}
    kept = [d for d in found if _reportable(d, facts_by_path, config, enabled, reported, noqa)]
    files_reported = sum(1 for source, _ in facts_by_path.values() if reported(source))
    return Result(tuple(sorted(kept, key=Diagnostic.sort_key)), files_reported, tuple(errors))


def _read_facts(
    files: Sequence[SourceFile],
    read: Callable[[SourceFile], bytes],
    found: list[Diagnostic],
    errors: list[InternalError],
    progress: Progress | None = None,
) -> tuple[dict[str, tuple[SourceFile, ModuleFacts | None]], dict[str, ModuleEntry]]:
    """Facts of every file; EVL001 findings and internal errors are appended to the lists."""
    facts_by_path: dict[str, tuple[SourceFile, ModuleFacts | None]] = {}
    entries: dict[str, ModuleEntry] = {}
    for done, source in enumerate(files):
        if progress is not None:
            progress(done, len(files))
        facts: ModuleFacts | None = None
        try:
            outcome = _extract(read(source), source.module, source.is_package)
        except OSError as error:
            outcome = ParseFailure(f"cannot read the file: {error.strerror or error}", Span(1, 1, 1, 1))
        except Exception:  # a bug in eventlint: report it, keep checking the others
            errors.append(InternalError(source.display, traceback.format_exc()))
            continue
        if isinstance(outcome, ParseFailure):
            found.append(finding("EVL001", outcome.message, source, outcome.span))
        else:
            facts = outcome
            entries.setdefault(source.module, ModuleEntry(source, facts))
        facts_by_path[source.display] = (source, facts)
    return facts_by_path, entries


def _reportable(
    diagnostic: Diagnostic,
    facts_by_path: Mapping[str, tuple[SourceFile, ModuleFacts | None]],
    config: Config,
    enabled: frozenset[str],
    reported: Callable[[SourceFile], bool],
    noqa: dict[str, NoqaComments],
) -> bool:
    if diagnostic.code not in enabled:
        return False
    source, facts = facts_by_path[diagnostic.path]
    if not reported(source):
        return False
    relpath = display_path(source.path, config.root)
    if ignored_by_path(config, relpath, diagnostic.code):
        return False
    if facts is None:
        return True
    if diagnostic.path not in noqa:
        noqa[diagnostic.path] = NoqaComments(facts)
    return not (facts.skip_file or noqa[diagnostic.path].suppresses(diagnostic))
