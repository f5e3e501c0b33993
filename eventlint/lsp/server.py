"""The server's state: the projects it has files of, what it published, and one run at a time.

When a run starts: a change to an idle project (no run going on, no change
in the last `QUIET` seconds) is linted at once; a change that follows
another closely, or comes while a run is going on, waits until the changes
pause, and the latest text is linted once. A change that comes while a run
is going on also makes that run stale: it stops at its next safe point
(`Stale`) without publishing or recording anything, so the last text is
answered first, however fast the edits come.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from eventlint.api import Options, Session, project_config
from eventlint.config.loading import find_config
from eventlint.config.settings import CONFIG_FILE, PYPROJECT, Config, ConfigError
from eventlint.fixes.plan import plan_fixes
from eventlint.lsp.convert import end_of, problem, to_lsp, uri_of
from eventlint.model import Diagnostic
from eventlint.pipeline.cache import Memory
from eventlint.report.baseline import BASELINE_FILE, BaselineError, read_baseline, without_baselined
from eventlint.sources.discovery import reported_path
from eventlint.version import __version__

QUIET = 0.05  # seconds: a change this close to the last one is part of a burst (typing, a paste, a multi-cursor edit)


class Superseded(BaseException):
    """A newer text arrived while a run judged an older one: the run stops, the newer text is linted next.

    A BaseException, so that no handler of a stage's bugs (`except Exception`) takes it for one.
    """


class Stale:
    """The progress of one run, told each phase it begins: it stops the run once a newer text has arrived.

    The run stops only where a phase begins (the project about to be indexed,
    a rule about to judge it): the facts read so far are whole and stored by
    content, and nothing of the judging has been recorded or published yet.
    It never stops while files are read (`__call__`): what is read then is
    the facts the next run needs too, and a pool of parsers stopped in the
    middle of its work takes seconds to wind down.
    """

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def __call__(self, done: int, total: int) -> None:
        """A file was read: reading goes on."""

    def phase(self, text: str) -> None:
        """A phase of the run begins: raise `Superseded` when a newer text has arrived."""
        self.check(text)

    def check(self, where: str) -> None:
        """Raise `Superseded` when a newer text has arrived (the run is at a safe point: `where`)."""
        if self.stop.is_set():
            raise Superseded(where)


@dataclass
class ProjectState:
    """One project the editor has files of: its configuration, its session (memory, buffers), what was last published."""

    key: Path  # its configuration file, or the folder taken as the project when it has none
    config: Config | None = None
    session: Session = field(default_factory=lambda: Session(Memory()))
    published: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # uri -> findings shown
    problems: dict[str, list[str]] = field(default_factory=dict)  # uri of a config or baseline -> its errors
    answered: dict[str, int] = field(default_factory=dict)  # open buffer -> hash of the text last answered
    reread: set[str] = field(default_factory=set)  # files the client says changed on disk, read again next run
    errors: tuple[str, ...] = ()  # internal errors of the last run, as the command line words them
    unsaid: tuple[str, ...] = ()  # of these, the ones the run before did not meet: to log

    def forget_reread(self) -> None:
        """Drop the stat stamps of the files to read again (at the start of a run, under the run lock).

        Not at the client's notice: a run going on then may still record
        the stamp with what it read before the change.
        """
        while self.reread:
            self.session.forget_stamp(self.reread.pop())  # set.pop: safe against the loop adding more


class EventlintServer(LanguageServer):
    """The eventlint language server: one run at a time, in a thread of its own."""

    def __init__(self) -> None:
        super().__init__("eventlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.projects: dict[Path, ProjectState] = {}
        self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventlint-run")
        self.timers: dict[Path, asyncio.TimerHandle] = {}
        self.running: dict[Path, asyncio.Task[None]] = {}
        self.again: set[Path] = set()  # projects to lint once more when their run ends
        self.stopping: dict[Path, threading.Event] = {}  # set: the run going on judges an older text
        self.last_change: dict[Path, float] = {}  # when a buffer of the project last changed (event loop time)
        self.lock = threading.Lock()

    # -- which project a file belongs to ------------------------------------------------
    def project_key(self, path: Path) -> Path:
        """The configuration governing `path`, else the workspace folder holding it, else the file itself.

        A file outside every workspace folder (or with no workspace at all)
        is a project of its own: its folder may be a download folder or a
        home directory, which is neither walked nor given a cache.
        """
        found = find_config(path)
        if found is not None:
            return found.resolve()
        for folder in sorted(self.folders(), key=lambda folder: len(folder.parts), reverse=True):
            if path == folder or folder in path.parents:
                return folder
        return path

    def folders(self) -> list[Path]:
        """The workspace folders as they are now (the client may add and remove them), else its root."""
        folders = [Path(path).resolve() for f in self.workspace.folders.values() if (path := to_fs_path(f.uri))]
        if not folders and self.workspace.root_path:
            folders = [Path(self.workspace.root_path).resolve()]
        return folders

    def project(self, key: Path) -> ProjectState:
        """The state of a project, made when first needed."""
        state = self.projects.get(key)
        if state is None:
            state = self.projects[key] = ProjectState(key)
        return state

    # -- scheduling ------------------------------------------------------------------------
    def edited(self, key: Path) -> None:
        """A buffer of the project changed: lint it at once when the project is idle, else when the changes pause.

        A run going on judges an older text: it is told to stop, and the
        latest text is linted after it, once no change came for `QUIET`
        seconds. Changes that follow each other closely fold into one run.
        """
        now = asyncio.get_running_loop().time()
        burst = now - self.last_change.get(key, -math.inf) < QUIET
        self.last_change[key] = now
        running = self.running.get(key)
        if running is not None and not running.done():
            stop = self.stopping.get(key)
            if stop is not None:
                stop.set()
            self.again.add(key)
            return
        self.schedule(key, QUIET if burst else 0.0)

    def schedule(self, key: Path, delay: float = 0.0) -> None:
        """Lint the project after `delay` seconds without another request for it (debounced).

        A request while a run is going on folds into one more run after it,
        on the texts as they are then: however fast the edits come, at most
        one run waits, and the last edit is always linted.
        """
        timer = self.timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        if delay > 0:
            self.timers[key] = asyncio.get_running_loop().call_later(delay, lambda: self._start(key))
        else:
            self._start(key)

    def _start(self, key: Path) -> None:
        self.timers.pop(key, None)
        running = self.running.get(key)
        if running is not None and not running.done():
            self.again.add(key)
            return
        self.running[key] = asyncio.ensure_future(self._runs(key))

    async def _runs(self, key: Path) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self.again.discard(key)
            await self.lint(key)
            if key not in self.again:
                return
            while (pause := self.last_change.get(key, -math.inf) + QUIET - loop.time()) > 0:
                await asyncio.sleep(pause)  # the changes go on: lint the text they end with

    async def lint(self, key: Path) -> None:
        """One run over the project: every file whose findings changed gets its diagnostics again."""
        state = self.project(key)
        overlay, versions = self.overlay()
        loop = asyncio.get_running_loop()
        stop = self.stopping[key] = threading.Event()
        try:
            published = await loop.run_in_executor(self.executor, self.run, state, overlay, Stale(stop))
        except Superseded:  # a newer text arrived: it is linted next, nothing of this run was published
            return
        except Exception as error:  # a bug: say so, and stay up for the next change
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"eventlint: internal error: {error!r}"))
            return
        finally:
            if self.stopping.get(key) is stop:
                del self.stopping[key]
        for uri, diagnostics in published.items():
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=versions.get(uri))
            )
        for unchecked in state.unsaid:  # the rest was published: say what could not be checked, once
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, unchecked))
        await loop.run_in_executor(self.executor, self.tidy)

    def tidy(self) -> None:
        """After a run has answered: free what it left (its project's cycles of objects), then freeze what stays.

        Frozen objects (facts, tables, the record of findings) are not scanned
        again by any collection, so each collection costs what one run made,
        not what the project holds; collecting first keeps a run's garbage from
        being frozen with them, where nothing would ever free it.
        """
        with self.lock:
            gc.collect()
            gc.freeze()

    def overlay(self) -> tuple[dict[Path, bytes], dict[str, int]]:
        """The text of every open buffer, saved or not, by path; and the version of each, by URI."""
        texts: dict[Path, bytes] = {}
        versions: dict[str, int] = {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = to_fs_path(uri)
            if path is not None and path.endswith(".py"):
                resolved = Path(path).resolve()
                texts[resolved] = document.source.encode("utf-8", "surrogatepass")
                if document.version is not None:
                    versions[uri_of(resolved)] = document.version
        return texts, versions

    # -- one run (in the run thread) --------------------------------------------------------
    def run(
        self, state: ProjectState, overlay: Mapping[Path, bytes], stale: Stale | None = None
    ) -> dict[str, list[types.Diagnostic]]:
        """Lint a project; the diagnostics to publish, by URI (an empty list clears a file).

        With `stale`, the run raises `Superseded` at a safe point once a newer
        text has arrived: before it starts, where a phase of the judging
        begins, and once judged, before anything is recorded as published.
        """
        with self.lock:
            if stale is not None:
                stale.check("before the run")
            state.forget_reread()
            changes: dict[str, list[types.Diagnostic]] = {}
            problems: dict[str, list[str]] = {}
            config = self._configuration(state, problems)
            state.unsaid = ()
            if config is not None:
                overlay = _within(overlay, config)
                state.session.show(overlay)
                result = state.session.lint([], config, Options(base=config.root, cache=not _alone(state), progress=stale))
                if stale is not None:
                    stale.check("judged")  # the older text's findings are neither recorded nor published
                errors = tuple(f"eventlint: internal error in {e.where} (please report it):\n{e.details}" for e in result.errors)
                state.unsaid, state.errors = tuple(error for error in errors if error not in state.errors), errors
                baseline = config.root / BASELINE_FILE
                try:  # what `check` hides, read as `check` reads it (a named pipe by that name is an error, never skipped)
                    result = without_baselined(result, read_baseline(baseline), config.root, base=config.root)
                except BaselineError as error:
                    problems.setdefault(uri_of(baseline), []).append(str(error))
                by_uri: dict[str, list[Diagnostic]] = {}
                for diagnostic in result.diagnostics:
                    by_uri.setdefault(uri_of(reported_path(diagnostic.path, config.root)), []).append(diagnostic)
                below = {uri_of(path): hash(text) for path, text in overlay.items() if config.root in path.parents}
                # An open buffer whose text changed hears back, clean or not: the client knows it is current.
                unanswered = {uri for uri, digest in below.items() if state.answered.get(uri) != digest}
                state.answered = below
                for uri in set(state.published) | set(by_uri) | unanswered:
                    now = tuple(by_uri.get(uri, ()))
                    if state.published.get(uri, ()) != now or uri in unanswered:
                        changes[uri] = [to_lsp(d, uri, overlay, config.root) for d in now]
                    if now:
                        state.published[uri] = now
                    else:
                        state.published.pop(uri, None)
            for uri in set(state.problems) | set(problems):  # the configuration's and the baseline's own
                if state.problems.get(uri) != problems.get(uri):
                    changes[uri] = [problem(text, uri) for text in problems.get(uri, [])]
            state.problems = problems
            return changes

    def _configuration(self, state: ProjectState, problems: dict[str, list[str]]) -> Config | None:
        """The project's configuration, loaded once (again after a change); None when broken."""
        if state.config is not None:
            return state.config
        key = state.key
        if _alone(state):
            # The file alone: nothing around it is read, not even a .gitignore (the user opened it).
            state.config = Config(root=key.parent, src=(key.parent,), project=(key,), respect_gitignore=False)
            return state.config
        found = key if key.name in (CONFIG_FILE, PYPROJECT) and key.is_file() else None
        try:  # loaded as the command line loads it, named by its file name (the diagnostic stands on that file)
            state.config = project_config(found, [key], display=key.name)
        except ConfigError as error:
            problems[uri_of(key)] = list(error.problems)
            return None
        return state.config

    def changed_on_disk(self, path: Path) -> None:
        """The client says a file changed on disk: read it again, even if its stat stamp looks the same."""
        for state in self.projects.values():
            state.reread.add(str(path))

    # -- fixes -------------------------------------------------------------------------------
    def finding(self, uri: str, code: str, line: int) -> tuple[Config, Diagnostic] | None:
        """The finding last published on `uri` with that code on that 1-based line, and its configuration."""
        for state in self.projects.values():
            for diagnostic in state.published.get(uri, ()):
                if diagnostic.code == code and diagnostic.span.line == line and state.config is not None:
                    return state.config, diagnostic
        return None

    def fix_edit(self, config: Config, diagnostic: Diagnostic) -> types.WorkspaceEdit | None:
        """The workspace edit of a finding's fix; None when it cannot be made or a touched buffer is unsaved."""
        plan = plan_fixes([diagnostic], config, config.root, unsafe=True)
        if not plan.texts:
            return None
        buffers, _ = self.overlay()
        changes: dict[str, list[types.TextEdit]] = {}
        for path, text in sorted(plan.texts.items()):
            original = plan.originals[path]
            buffer = buffers.get(path.resolve())
            if buffer is not None and buffer.decode("utf-8", "replace") != original:
                return None  # the fix was computed on the saved text: save first
            changes[uri_of(path)] = [types.TextEdit(types.Range(types.Position(0, 0), end_of(original)), text)]
        return types.WorkspaceEdit(changes=changes)

    # -- configuration files ------------------------------------------------------------------
    def reload(self, path: Path) -> None:
        """A configuration file changed: every project it governs (or may now govern) loads it again."""
        for state in list(self.projects.values()):
            if _alone(state) and path.parent in state.key.parents and find_config(state.key) is not None:
                del self.projects[state.key]  # a lone file a configuration now governs: its project publishes it
                continue
            if state.key == path or path.parent == state.key or path.parent in state.key.parents:
                state.config = None
                state.session.forget_files()
                self.schedule(state.key)
        key = self.project_key(path)
        if key not in self.projects:
            self.project(key)
            self.schedule(key)


def _alone(state: ProjectState) -> bool:
    """Whether a project is one file outside every workspace (its key is that file, not a folder or a configuration)."""
    return state.key.suffix == ".py" and not state.key.is_dir()


def _within(overlay: Mapping[Path, bytes], config: Config) -> dict[Path, bytes]:
    """The open buffers a project may hold (a buffer of another project is not a file of this one)."""
    if config.project:  # no configuration: the paths that make the project, and what is below them
        starts = config.project
    else:
        starts = (config.root, *config.src_roots)
    return {path: text for path, text in overlay.items() if any(path == start or start in path.parents for start in starts)}
