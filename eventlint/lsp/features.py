"""The protocol's handlers (documents opened, changed, saved and closed, watched files, actions, hover) and the
factory that makes a server with them: nothing here is kept between servers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO, cast

from lsprotocol import types
from pygls.uris import to_fs_path

from eventlint.checks.documents import rule_uri
from eventlint.checks.registry import by_code
from eventlint.config.settings import CONFIG_FILE, PYPROJECT
from eventlint.lsp.convert import SOURCE, noqa_edit
from eventlint.lsp.framing import Frames
from eventlint.lsp.server import EventlintServer
from eventlint.model import Diagnostic
from eventlint.report.baseline import BASELINE_FILE


def create_server() -> EventlintServer:
    """A new language server answering eventlint's part of the protocol; it shares no state with any other."""
    server = EventlintServer()
    server.feature(types.INITIALIZED)(_initialized)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(_opened)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_changed)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(_saved)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_closed)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(_watched)
    actions = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=True)
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, actions)(_code_actions)
    server.feature(types.CODE_ACTION_RESOLVE)(_resolve_code_action)
    server.feature(types.TEXT_DOCUMENT_HOVER)(_hover)
    server.feature(types.SHUTDOWN)(_shutdown)
    return server


def _initialized(ls: EventlintServer, params: types.InitializedParams) -> None:
    watching = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watching and watching.dynamic_registration:
        watchers = [
            types.FileSystemWatcher(glob_pattern=glob)
            for glob in ("**/*.py", f"**/{CONFIG_FILE}", f"**/{PYPROJECT}", f"**/{BASELINE_FILE}")
        ]
        ls.client_register_capability(
            types.RegistrationParams(
                [
                    types.Registration(
                        id="eventlint-watch",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ]
            )
        )


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path).resolve() if path is not None else None


def _touched(ls: EventlintServer, uri: str, edited: bool = False, saved: bool = False, on_disk: bool = False) -> None:
    path = _path(uri)
    if path is None:
        return
    if saved or on_disk:  # what is on disk now may differ from what was read, with the same stat stamp
        ls.changed_on_disk(path)
    if path.name in (CONFIG_FILE, PYPROJECT):
        if saved:
            ls.reload(path)
        return
    if path.name == BASELINE_FILE:
        if saved:
            ls.schedule(ls.project_key(path))
        return
    if path.suffix != ".py":
        return
    key = ls.project_key(path)
    state = ls.project(key)
    if saved:
        state.session.forget_files()  # a file saved for the first time joins the project
    if edited:
        ls.edited(key)  # at once when idle; a burst, or a run going on, waits for the changes to pause
    else:
        ls.schedule(key)


def _opened(ls: EventlintServer, params: types.DidOpenTextDocumentParams) -> None:
    _touched(ls, params.text_document.uri)


def _changed(ls: EventlintServer, params: types.DidChangeTextDocumentParams) -> None:
    _touched(ls, params.text_document.uri, edited=True)


def _saved(ls: EventlintServer, params: types.DidSaveTextDocumentParams) -> None:
    _touched(ls, params.text_document.uri, saved=True)


def _closed(ls: EventlintServer, params: types.DidCloseTextDocumentParams) -> None:
    _touched(ls, params.text_document.uri, on_disk=True)  # the text on disk counts again


def _watched(ls: EventlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = _path(change.uri)
        if path is None:
            continue
        ls.changed_on_disk(path)
        if path.name in (CONFIG_FILE, PYPROJECT):
            ls.reload(path)
        elif path.suffix == ".py" or path.name == BASELINE_FILE:
            key = ls.project_key(path)
            ls.project(key).session.forget_files()
            ls.schedule(key)


def _findings_at(ls: EventlintServer, uri: str, span: types.Range) -> list[Diagnostic]:
    """The findings last published on `uri` whose lines meet the range."""
    found = []
    for state in ls.projects.values():
        for diagnostic in state.published.get(uri, ()):
            if diagnostic.span.line - 1 <= span.end.line and span.start.line <= diagnostic.span.end_line - 1:
                found.append(diagnostic)
    return found


def _code_actions(ls: EventlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    actions = []
    wanted = [d for d in params.context.diagnostics if d.source == SOURCE and isinstance(d.code, str)]
    for diagnostic in wanted:
        line_number = diagnostic.range.start.line
        located = ls.finding(uri, str(diagnostic.code), line_number + 1)
        fix = located[1].fix if located is not None else None
        if located is not None and fix is not None and not fix.refused:
            action = types.CodeAction(
                title=fix.title + ("" if fix.safe else " (unsafe fix)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                data={"uri": uri, "code": diagnostic.code, "line": line_number + 1},
            )
            if not _resolves_edits(ls):
                action.edit = ls.fix_edit(*located)
            if action.edit is not None or _resolves_edits(ls):
                actions.append(action)
        edit = noqa_edit(document.source, line_number, str(diagnostic.code))
        if edit is None:
            continue
        actions.append(
            types.CodeAction(
                title=f"Suppress {diagnostic.code} on this line (# noqa)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions


def _resolves_edits(ls: EventlintServer) -> bool:
    """Whether the client asks for a code action's edit only when it is chosen (a rename reads the project)."""
    text_document = ls.client_capabilities.text_document
    support = text_document.code_action.resolve_support if text_document and text_document.code_action else None
    return support is not None and "edit" in support.properties


def _resolve_code_action(ls: EventlintServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    located = ls.finding(str(data.get("uri")), str(data.get("code")), int(data.get("line", 0)))
    if located is not None:
        action.edit = ls.fix_edit(*located)
    return action


def _hover(ls: EventlintServer, params: types.HoverParams) -> types.Hover | None:
    at = types.Range(params.position, params.position)
    for diagnostic in _findings_at(ls, params.text_document.uri, at):
        span = diagnostic.span
        if span.line == span.end_line and not span.column - 1 <= params.position.character <= span.end_column:
            continue
        row = by_code().get(diagnostic.code)
        link = rule_uri(diagnostic.code)
        text = f"**{diagnostic.code}** `{diagnostic.name}`: {row.summary if row else diagnostic.message}"
        if link:
            text += f"\n\n[{diagnostic.code} rule document]({link}) · `eventlint explain {diagnostic.code}`"
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))
    return None


def _shutdown(ls: EventlintServer, params: None) -> None:
    for timer in ls.timers.values():
        timer.cancel()
    for stop in ls.stopping.values():  # a run going on stops at its next safe point
        stop.set()
    ls.executor.shutdown(wait=False, cancel_futures=True)


def serve(server: EventlintServer | None = None) -> None:
    """Run a server (by default a new one) over standard input and output until the client says exit.

    The protocol gets its own handles on the two pipes; `sys.stdin` and
    `sys.stdout` become /dev/null and stderr. A stray print cannot corrupt
    the protocol then, and a worker process forked while the reader thread
    holds the lock of `sys.stdin` does not wait on it forever when it closes
    its standard input on start. Malformed input is reported on stderr and
    skipped (see `Frames`); the end of the input ends the server.
    """
    channel_in = open(os.dup(sys.stdin.fileno()), "rb")  # lives as long as the server  # noqa: SIM115
    channel_out = open(os.dup(sys.stdout.fileno()), "wb")  # noqa: SIM115
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    sys.stdout = sys.stderr
    # pygls reads stdin through `readline` and `read` only, which `Frames` answers with sound frames.
    frames = cast(BinaryIO, Frames(channel_in, _log_skipped))
    (server or create_server()).start_io(frames, channel_out)


def _log_skipped(message: str) -> None:
    """What the framing skipped, on standard error (the client's log of the server), from the reader thread."""
    print(f"eventlint lsp: {message}", file=sys.stderr, flush=True)
