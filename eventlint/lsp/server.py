"""The server's state: the projects it has files of, what it published, and one run at a time."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
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

DEBOUNCE = 0.05  # seconds of quiet after a keystroke before the project is linted (a paste, a multi-cursor edit)


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
        while True:
            self.again.discard(key)
            await self.lint(key)
            if key not in self.again:
                return

    async def lint(self, key: Path) -> None:
        """One run over the project: every file whose findings changed gets its diagnostics again."""
        state = self.project(key)
        overlay, versions = self.overlay()
        loop = asyncio.get_running_loop()
        try:
            published = await loop.run_in_executor(self.executor, self.run, state, overlay)
        except Exception as error:  # a bug: say so, and stay up for the next change
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"eventlint: internal error: {error!r}"))
            return
        for uri, diagnostics in published.items():
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=versions.get(uri))
            )
        for unchecked in state.unsaid:  # the rest was published: say what could not be checked, once
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, unchecked))
        if state.config is not None and not state.session.holds_facts and key not in self.again:
            # The last results were reused, so no facts were read: read them now, before the first edit needs them.
            await loop.run_in_executor(self.executor, self.warm, state, overlay)

    def warm(self, state: ProjectState, overlay: Mapping[Path, bytes]) -> None:
        """Judge the project once without publishing, so that its facts are in memory."""
        with self.lock:
            state.forget_reread()
            if state.config is not None:
                state.session.show(_within(overlay, state.config))
                state.session.lint(
                    [], state.config, Options(base=state.config.root, cache=not _alone(state), reuse_results=False)
                )
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
    def run(self, state: ProjectState, overlay: Mapping[Path, bytes]) -> dict[str, list[types.Diagnostic]]:
        """Lint a project; the diagnostics to publish, by URI (an empty list clears a file)."""
        with self.lock:
            state.forget_reread()
            changes: dict[str, list[types.Diagnostic]] = {}
            problems: dict[str, list[str]] = {}
            config = self._configuration(state, problems)
            state.unsaid = ()
            if config is not None:
                overlay = _within(overlay, config)
                state.session.show(overlay)
                result = state.session.lint([], config, Options(base=config.root, cache=not _alone(state)))
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
            gc.freeze()  # what stays (facts, index) is not scanned again by every collection
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
