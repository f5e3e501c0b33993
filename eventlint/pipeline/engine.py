"""Facts for a run: read and hash every file, screen and parse only what can matter.

1. Every file is read and hashed. A file whose path and key the manifest of
   the last run holds keeps its screening without opening anything else; any
   other file's entry is looked up by key; the rest are screened (and parsed
   when their text mentions the vocabulary) by `eventlint.pipeline.workers`.
2. Relevance settles: the files that mention the vocabulary are parsed, then
   every file mentioning a name that leads to events (`eventlint.pipeline.relevance`),
   until no unparsed file does.
3. The index reads any other module on demand (`facts_of`): from the cache,
   else by parsing it in-process (Python's compiler accepted it).
"""

from __future__ import annotations

import functools
import hashlib
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventlint.facts.records import Binding, ModuleFacts, ParseFailure
from eventlint.facts.source_text import decode, decode_failure
from eventlint.facts.vocabulary import UNREAD_STAR_IMPORT, Vocabulary, identifiers
from eventlint.model import Span
from eventlint.pipeline.cache import Cache, Entry, Manifest, ManifestFile, Results, Stamp
from eventlint.pipeline.judgements import Judgements
from eventlint.pipeline.relevance import (
    WordIndex,
    WordPrint,
    names_aliasing,
    names_deriving_from_events,
    names_leading_to_events,
    names_wrapping,
    star_targets,
)
from eventlint.pipeline.screening import Screening
from eventlint.pipeline.workers import Done, Extraction, Job
from eventlint.sources.discovery import SourceFile

Progress = Callable[[int, int], None]


def announce(progress: Progress | None, phase: str) -> None:
    """Tell a progress indicator that can show phases (it has a `phase(text)` method) which one began."""
    show = getattr(progress, "phase", None)
    if callable(show):
        show(phase)


@functools.lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """eventlint's version and a digest of its own code: a changed engine never trusts old facts."""
    from eventlint.version import __version__

    digest = hashlib.blake2b(__version__.encode("utf-8"), digest_size=8)
    for name, path in engine_files():
        digest.update(name.encode("utf-8"))
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def engine_files() -> list[tuple[str, Path]]:
    """Every module of the eventlint package (not of this stage only), by its path inside the package."""
    package = Path(__file__).resolve().parent.parent
    return [(path.relative_to(package).as_posix(), path) for path in sorted(package.rglob("*.py"))]


@dataclass
class FileState:
    """One file of the run: its key, screening, and facts once known."""

    source: SourceFile
    number: int
    key: str = ""
    screening: Screening | None = None
    outcome: ModuleFacts | ParseFailure | None = None
    parsed: bool = False  # `outcome` holds the parse (or its failure)
    hits: frozenset[str] = frozenset()  # names leading to events its text holds, of `tested`
    tested: frozenset[str] | None = None  # the names `hits` was computed against (None: not yet)
    in_cache: bool = False  # its entry is stored and current
    changed: bool = False  # read again, it was no longer the bytes `key` was made from: nothing of it is stored

    @property
    def failure(self) -> ParseFailure | None:
        """The EVL001 of this file, when it has one."""
        if isinstance(self.outcome, ParseFailure):
            return self.outcome
        return self.screening.failure if self.screening is not None else None

    def symbol_at(self, line: int) -> str | None:
        """The innermost class or function holding a line of the file (None: module level, or no facts)."""
        facts = self.outcome
        if not isinstance(facts, ModuleFacts):
            return None
        best, start = None, 0
        definitions = [(c.qualname, c.lines) for c in facts.classes]
        definitions += [(f.qualname, f.lines) for f in facts.functions if not f.is_lambda and f.lines != (0, 0)]
        for qualname, (first, last) in definitions:
            if first <= line <= last and first >= start:
                best, start = qualname, first
        return best

    def unreadable(self, error: OSError) -> None:
        """The file could not be read: that is its verdict (an EVL001)."""
        self.outcome = ParseFailure(f"cannot read the file: {error.strerror or error}", Span(1, 1, 1, 1))
        self.parsed = True


@dataclass
class Run:
    """The facts side of one lint run over a project."""

    files: Sequence[SourceFile]
    read: Callable[[SourceFile], bytes]
    vocabulary: Vocabulary
    extraction: Extraction
    cache: Cache | None = None
    precheck: bool = True
    progress: Progress | None = None
    stamp: Callable[[SourceFile], Stamp | None] | None = None  # a file's stat, for the memory
    states: list[FileState] = field(default_factory=list)
    by_display: dict[str, FileState] = field(default_factory=dict)  # each state by the path reports show
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, traceback) of bugs
    manifest: Manifest | None = None
    names: frozenset[str] = frozenset()
    relevant: list[FileState] = field(default_factory=list)

    # -- 1. read, hash, screen -----------------------------------------------------
    def screen_all(self) -> None:
        """Every file's key and screening, from the manifest, the cache or a job."""
        prefix = self._prefix()
        self.manifest = self.cache.read_manifest(self.vocabulary.fingerprint) if self.cache else None
        known = self.manifest.files if self.manifest is not None else {}
        jobs: list[Job] = []
        for number, source in enumerate(self.files):
            state = FileState(source, number)
            self.states.append(state)
            self.by_display[source.display] = state
            stamp = self.stamp(source) if self.stamp is not None else None
            seen = self.cache.known_key(str(source.path), stamp) if self.cache and stamp else None
            data: bytes | None = None
            if seen is not None:
                state.key = seen
            else:
                try:
                    data = self.read(source)
                except OSError as error:
                    state.unreadable(error)
                    continue
                state.key = _key(prefix, source, data)
                if self.cache and stamp:
                    self.cache.remember_key(str(source.path), stamp, state.key)
            remembered = known.get(str(source.path))
            if remembered is not None and remembered.key == state.key:
                state.screening = remembered.screening
                state.hits, state.tested = remembered.hits, self.manifest.names if self.manifest else frozenset()
                state.in_cache = True
                continue
            if self._from_entry(state):
                continue
            if data is None:  # known by its stamp, but neither in the manifest nor in the cache
                try:
                    data = self.read(source)
                except OSError as error:
                    state.unreadable(error)
                    continue
                state.key = _key(prefix, source, data)
            jobs.append(Job(number, data, source.module, source.is_package, parse=not self.precheck))
        self._run_jobs(jobs, total=len(self.files))

    def _prefix(self) -> bytes:
        return f"{engine_fingerprint()}\0{self.vocabulary.fingerprint}\0".encode()

    def _reread(self, state: FileState) -> bytes:
        """A file's bytes read again (after its screening), checked against its key.

        The key and everything stored under it must come from the same bytes:
        a file edited while the run reads it would otherwise leave facts of
        one text under the key of another, trusted by every later run. The
        run uses what it read now, and stores nothing about that file.
        """
        try:
            data = self.read(state.source)
        except OSError:
            self._changed(state)  # gone or unreadable now: what the run says of it holds for this run only
            raise
        if state.key and _key(self._prefix(), state.source, data) != state.key:
            self._changed(state)
        return data

    def _changed(self, state: FileState) -> None:
        state.changed = True
        state.in_cache = False
        if self.cache is not None:
            self.cache.forget_key(str(state.source.path))

    def _from_entry(self, state: FileState) -> bool:
        if self.cache is None:
            return False
        entry = self.cache.read_entry(state.key)
        if entry is None:
            return False
        screening, outcome = entry.screening, entry.outcome
        if outcome is None and not self.precheck and screening.failure is None:
            return False  # parsed in any case without the pre-check
        state.screening = screening
        state.outcome, state.parsed = outcome, outcome is not None or screening.failure is not None
        state.in_cache = True
        return True

    def _run_jobs(self, jobs: list[Job], total: int) -> None:
        done_count = [total - len(jobs)]

        def tick() -> None:
            done_count[0] += 1
            if self.progress is not None:
                self.progress(done_count[0], total)

        for done in self.extraction.run(jobs, progress=tick if self.progress else None):
            self._record(self.states[done.number], done)

    def _record(self, state: FileState, done: Done) -> None:
        state.screening = done.screening
        if done.error is not None:
            self.errors.append((state.source.display, done.error))
            state.outcome, state.parsed = None, True
            return
        if done.outcome is not None or done.screening.failure is not None:
            state.outcome, state.parsed = done.outcome, True
        if self.cache is not None and done.final and not state.changed:
            self.cache.write_entry(state.key, Entry(done.screening, state.outcome))
            state.in_cache = True

    # -- 2. relevance --------------------------------------------------------------
    def settle(self) -> None:
        """Parse the relevant files: those mentioning the vocabulary, then those naming what leads to it.

        A file's `hits` are the names of `tested` its text holds: the manifest
        keeps them, so a warm run decides without reading the file again
        unless the names grew beyond what it was tested against.
        """
        relevant = {s.number for s in self.states if s.failure is None and (not self.precheck or _needs_parse(s))}
        open_files = [s for s in self.states if s.failure is None and s.number not in relevant]
        stars = {
            s.number: star_targets(s.source.module, s.source.is_package, s.screening.star_imports)
            for s in open_files
            if s.screening is not None and s.screening.star_imports
        }
        words = WordIndex()
        scanned: set[int] = set()
        starred: set[int] = set()  # star-importers of such modules
        names: frozenset[str] = frozenset()
        while True:
            self._parse([self.states[number] for number in sorted(relevant)])
            names = self._closure(relevant)
            found = words.holding(names)
            # A star import matters when its module binds a name leading to events (or star-imports one
            # that does); a module parsed only because Python rejects it brings nothing.
            modules = {self.states[n].source.module for n in relevant if n in starred or self._leads(n, names)}
            modules.add(UNREAD_STAR_IMPORT)
            starred.update(number for number, targets in stars.items() if not targets.isdisjoint(modules))
            found |= starred
            prints = self._prints()
            unions: dict[int, frozenset[str]] = {}  # one set of names tested for the files that shared one, not one each
            for state in open_files:
                if state.number in scanned:
                    continue
                known = prints.get(state.key) if prints is not None and state.tested is not None else None
                if known is not None and state.tested is not None and not names <= state.tested:
                    # Scanned in an earlier run of this process: only the names new since then are looked up.
                    state.hits |= {name for name in names - state.tested if known.holds(name)}
                    tested = unions.get(id(state.tested))
                    if tested is None:
                        tested = unions[id(state.tested)] = state.tested | names
                    state.tested = tested  # what `hits` now answers for
                if state.tested is None or not names <= state.tested:
                    held = self._scan(state)
                    words.add(state.number, held)
                    scanned.add(state.number)
                    if not held.isdisjoint(names):
                        found.add(state.number)
                elif state.hits & names:
                    found.add(state.number)
            new = found - relevant
            if not new:
                break
            relevant |= new
        self.names = names
        self.relevant = [self.states[n] for n in sorted(relevant) if self.states[n].failure is None]
        holders = words.held_by(names)
        for state in self.states:
            state.hits = frozenset(holders.get(state.number, ())) if state.number in scanned else state.hits & names
            state.tested = names

    def _closure(self, relevant: set[int]) -> frozenset[str]:
        """The names leading to events, from the relevant files' facts (class families only for a survey)."""
        if self.vocabulary.families:
            facts = (state.outcome for state in map(self.states.__getitem__, relevant) if isinstance(state.outcome, ModuleFacts))
            return frozenset(names_deriving_from_events(facts, self.vocabulary.hits) | self.vocabulary.words)
        bindings = [binding for number in relevant for binding in _bindings(self.states[number])]
        groups = (*self.vocabulary.dispatch, self.vocabulary.opening)
        aliases = names_aliasing(bindings, *groups)
        aliases |= names_wrapping(bindings, self.vocabulary.opening)
        return frozenset(names_leading_to_events(bindings, self.vocabulary.words) | aliases)

    def _leads(self, number: int, names: frozenset[str]) -> bool:
        """Whether a parsed file mentions the vocabulary or binds a name that leads to events."""
        state = self.states[number]
        if state.screening is not None and state.screening.mentions_vocabulary:
            return True
        return any(binding.name in names for binding in _bindings(state))

    def _parse(self, states: list[FileState]) -> None:
        jobs = []
        for state in states:
            if state.parsed:
                continue
            if state.in_cache and self._from_entry(state) and state.parsed:
                continue
            try:
                data = self._reread(state)
            except OSError as error:
                state.unreadable(error)
                continue
            jobs.append(Job(state.number, data, state.source.module, state.source.is_package, parse=True))
        if jobs:
            self._run_jobs(jobs, total=len(jobs))

    def _prints(self) -> dict[str, WordPrint] | None:
        """The words of the files scanned so far by this process, by key (None: no memory kept between runs)."""
        memory = self.cache.memory if self.cache is not None else None
        if memory is None:
            return None
        prints: dict[str, WordPrint] = memory.derived.setdefault("words", {})
        if len(prints) > 2 * len(self.states) + 1000:  # files no run holds any more
            prints.clear()
        return prints

    def _scan(self, state: FileState) -> set[str]:
        """The identifiers of a file's text; a file that can no longer be read becomes EVL001."""
        try:
            held = identifiers(decode(self._reread(state)))
            prints = self._prints()
            if prints is not None and not state.changed:
                prints[state.key] = WordPrint(held)
            return held
        except OSError as error:
            state.unreadable(error)
        except (UnicodeDecodeError, SyntaxError, LookupError) as error:  # changed since it was screened
            state.outcome, state.parsed = decode_failure(error), True
        return set()

    # -- 3. on demand ----------------------------------------------------------------
    def facts_of(self, source: SourceFile) -> ModuleFacts | None:
        """A file's facts, parsing it now if no run or entry has (the index reads modules on demand)."""
        state = self.by_display[source.display]
        if not state.parsed:
            if not (state.in_cache and self._from_entry(state) and state.parsed):
                try:
                    data = self._reread(state)
                except OSError as error:
                    state.unreadable(error)
                    return None
                screening = None if state.changed else state.screening  # screened again: it is other bytes
                job = Job(state.number, data, state.source.module, state.source.is_package, True, screening)
                try:
                    for done in self.extraction.run([job]):  # in-process, or isolated when that is not safe
                        self._record(state, done)
                except Exception:
                    self.errors.append((state.source.display, traceback.format_exc()))
                    state.parsed = True
                    return None
        return state.outcome if isinstance(state.outcome, ModuleFacts) else None

    # -- saving --------------------------------------------------------------------
    def save(self, results_key: str, results: Results | None, judgements: Judgements | None = None) -> None:
        """Write the manifest for the next run, and drop entries of files that are gone."""
        if self.cache is None:
            return
        known = self.manifest.files if self.manifest is not None else {}
        files: dict[str, ManifestFile] = {}
        for state in self.states:
            if state.key and state.screening is not None and not state.changed:
                path = str(state.source.path)
                kept = known.get(path)
                if kept is None or kept.key != state.key or kept.screening is not state.screening or kept.hits != state.hits:
                    kept = ManifestFile(state.key, state.screening, state.hits)  # else the record of the last run holds
                files[path] = kept
        if any(state.changed for state in self.states):
            results, judgements = None, None  # judged on text that is no longer what the keys say
        self.cache.write_manifest(self.vocabulary.fingerprint, Manifest(self.names, files, results_key, results, judgements))
        self.cache.prune(state.key for state in self.states if state.key)

    def cached_results(self, results_key: str) -> Results | None:
        """The last run's results, when every file and the configuration are as they were."""
        manifest = self.manifest
        if manifest is None or manifest.results_key != results_key or manifest.results is None:
            return None
        if len(manifest.files) != len(self.states):
            return None
        for state in self.states:
            remembered = manifest.files.get(str(state.source.path))
            if remembered is None or not state.key or remembered.key != state.key:
                return None
        self.names = manifest.names
        for state in self.states:
            state.tested = manifest.names
        return manifest.results


def _key(prefix: bytes, source: SourceFile, data: bytes) -> str:
    return Cache.key(prefix + f"{source.module}\0{int(source.is_package)}\0".encode(), data)


def _needs_parse(state: FileState) -> bool:
    return state.screening is not None and state.screening.needs_parse


def _bindings(state: FileState) -> tuple[Binding, ...]:
    return state.outcome.bindings if isinstance(state.outcome, ModuleFacts) else ()
