"""The language server is safe to run on anything: garbage on its input, files outside every
workspace, files rewritten behind its back, and configuration errors shown where they are.

Driven over stdio: raw bytes from a subprocess where the framing itself is under test,
a real LSP client (pytest-lsp) elsewhere.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pytest_lsp", reason="the language server tests need the test extras (pytest-lsp)")
from editor import SERVER_COMMAND
from projects import CONFIG, SHOP, write

from eventlint.lsp.tomlkeys import place_of

WAIT = 30.0  # seconds: the most a slow machine may take to answer (a limit, not a measure)
Message = dict[str, Any]


def frame(message: Message) -> bytes:
    """A message as the protocol frames it."""
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    """The language server in a subprocess, fed raw bytes; what it sends back, message by message."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            SERVER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.received: queue.Queue[Message | None] = queue.Queue()
        self.log: list[bytes] = []
        self.seen: list[Message] = []  # every message taken from `received`, in order
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        threading.Thread(target=lambda: self.log.extend(self.process.stderr or ()), daemon=True).start()

    def _read(self, out: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.received.put(None)
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif line == b"\r\n" and length is not None:
                    break
            self.received.put(json.loads(out.read(length)))

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: Message) -> None:
        self.write(frame(message))

    def expect(self, wanted: Callable[[Message], bool]) -> Message:
        """The first message (from now) for which `wanted` holds; fails when the server ends or goes quiet."""
        while True:
            try:
                message = self.received.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"nothing wanted came in {WAIT} s; stderr: {b''.join(self.log)!r}") from None
            if message is None:
                raise AssertionError(f"the server ended (exit {self.process.wait()}); stderr: {b''.join(self.log)!r}")
            self.seen.append(message)
            if wanted(message):
                return message

    def round_trip(self, request_id: int) -> None:
        """A request and its answer: everything the server sent before answering has been seen."""
        self.send({"jsonrpc": "2.0", "id": request_id, "method": "workspace/symbol", "params": {"query": ""}})
        self.expect(lambda message: message.get("id") == request_id and "method" not in message)

    def diagnostics(self) -> dict[str, list[tuple[str, int]]]:
        """The (code, line) last published for each file seen so far."""
        found = {}
        for message in self.seen:
            if message.get("method") == "textDocument/publishDiagnostics":
                found[message["params"]["uri"]] = codes(message)
        return found

    def close(self) -> int:
        """Close its input; the exit code it ends with."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def initialize(root: Path | None, request_id: int = 1) -> bytes:
    folders = [{"uri": root.as_uri(), "name": root.name}] if root is not None else None
    return frame(
        {
            "jsonrpc": "2.0",
            "id": request_id,
            "method": "initialize",
            "params": {
                "processId": None,
                "rootUri": root.as_uri() if root is not None else None,
                "capabilities": {},
                "workspaceFolders": folders,
            },
        }
    ) + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def did_open(path: Path) -> bytes:
    document = {"uri": path.resolve().as_uri(), "languageId": "python", "version": 1, "text": path.read_text(encoding="utf-8")}
    return frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": document}})


def published(uri: str) -> Callable[[Message], bool]:
    return lambda message: message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri


def codes(message: Message) -> list[tuple[str, int]]:
    """The (code, 1-based line) of a publishDiagnostics notification."""
    return sorted((d.get("code", ""), d["range"]["start"]["line"] + 1) for d in message["params"]["diagnostics"])


@pytest.fixture()
def shop(tmp_path: Path) -> Path:
    return write(tmp_path / "shop", SHOP)


@pytest.fixture()
def raw(shop: Path):  # type: ignore[no-untyped-def]
    server = RawServer(shop)
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


# -- 13: garbage on the input --------------------------------------------------------------------------

HANDLERS = "src/shop/basket/handlers.py"


def serves_after(raw: RawServer, shop: Path, garbage: bytes) -> None:
    """After `garbage`, a session still starts and a file opened gets its findings."""
    raw.write(garbage)
    raw.write(initialize(shop, request_id=7))
    answer = raw.expect(lambda message: message.get("id") == 7)
    assert "capabilities" in answer["result"]
    raw.write(did_open(shop / HANDLERS))
    assert codes(raw.expect(published((shop / HANDLERS).resolve().as_uri()))) == [("EVL201", 1)]


def test_a_huge_content_length_neither_kills_nor_deafens_the_server(raw: RawServer, shop: Path) -> None:
    serves_after(raw, shop, b"Content-Length: 99999999999\r\n\r\n")
    assert b"above the limit" in b"".join(raw.log)


BODY = b'{"jsonrpc": "2.0", "method": "$/nothing"}'
GARBAGE = {
    "huge length": b"Content-Length: 99999999999\r\n\r\n",
    "huge length with a body": b"Content-Length: 99999999999\r\n\r\n" + b"x" * 200_000,
    "a length of 70 MiB, no body": b"Content-Length: %d\r\n\r\n" % (70 * 1024 * 1024),
    "negative length": b"Content-Length: -5\r\n\r\n" + BODY,
    "non-numeric length": b"Content-Length: abc\r\n\r\n" + BODY,
    "length of zero": b"Content-Length: 0\r\n\r\n" + BODY,
    "missing header": b"\r\n" + BODY,
    "body alone": BODY,
    "header without CRLFCRLF": b"Content-Length: 10\r\n",
    "header and a line that is no header": b"Content-Length: 10\r\nnonsense\r\n\r\n" + BODY[:10],
    "truncated body then a valid message": b"Content-Length: 500\r\n\r\n" + BODY[:20],
    "body longer than its length": b"Content-Length: 10\r\n\r\n" + BODY,
    "body shorter than its length": b"Content-Length: %d\r\n\r\n" % (len(BODY) + 30) + BODY,
    "invalid JSON body": b"Content-Length: 9\r\n\r\n{nonsense",
    "invalid UTF-8 body": b"Content-Length: 4\r\n\r\n\"\xff\xfe\"",
    "JSON that is not JSON-RPC": frame({"hello": "world"}),
    "a JSON array": b"Content-Length: 2\r\n\r\n[]",
    "a JSON string": b'Content-Length: 5\r\n\r\n"abc"',
    "JSON null": b"Content-Length: 4\r\n\r\nnull",
    "a request with no method": frame({"jsonrpc": "2.0", "id": 3}),
    "a request for an unknown method": frame({"jsonrpc": "2.0", "id": 3, "method": "no/such", "params": {}}),
    "a notification with params of the wrong shape": frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": 5}),
    "a long line of garbage": b"z" * 300_000 + b"\r\n",
    "binary garbage": bytes(range(256)) * 64,
    "lower-case header name": b"content-length: 2\r\n\r\n{}",
    "header with other fields": b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}",
}


@pytest.mark.parametrize("garbage", list(GARBAGE.values()), ids=list(GARBAGE))
def test_garbage_on_the_input_is_skipped_and_the_next_message_served(raw: RawServer, shop: Path, garbage: bytes) -> None:
    serves_after(raw, shop, garbage)


def test_the_end_of_the_input_ends_the_server(raw: RawServer, shop: Path) -> None:
    serves_after(raw, shop, b"")
    assert raw.close() == 0


@pytest.mark.parametrize("ending", [b"", b"Content-Length: 50\r\n\r\n{\"jsonrpc\"", b"Content-Length: 50\r\n", b"garbage"])
def test_the_end_of_the_input_inside_a_message_ends_the_server(raw: RawServer, ending: bytes) -> None:
    raw.write(ending)
    assert raw.close() == 0


# -- 13: a file outside every workspace is linted alone --------------------------------------------------

BROKEN = "def broken(:\n"  # EVL001 wherever it is linted


@pytest.fixture()
def downloads(tmp_path: Path) -> Path:
    """A folder that is no project: a package with many files, a subfolder, and the file opened."""
    files = {"__init__.py": "", "y.py": BROKEN, "sub/__init__.py": "", "sub/deep.py": BROKEN}
    files.update({f"other{n}.py": BROKEN for n in range(20)})
    return write(tmp_path / "x", files)


WORKSPACES = {
    "another workspace folder": "shop",
    "a root but no folders": "root",
    "no workspace at all": None,
}


@pytest.mark.parametrize("workspace", list(WORKSPACES.values()), ids=list(WORKSPACES))
def test_a_file_outside_every_workspace_is_linted_alone_and_nothing_written(
    shop: Path, downloads: Path, workspace: str | None
) -> None:
    server = RawServer(shop)
    try:
        if workspace == "root":
            server.write(
                frame(
                    {
                        "jsonrpc": "2.0",
                        "id": 1,
                        "method": "initialize",
                        "params": {"processId": None, "rootUri": shop.as_uri(), "capabilities": {}},
                    }
                )
                + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            )
        else:
            server.write(initialize(shop if workspace else None))
        server.expect(lambda message: message.get("id") == 1)
        opened = downloads / "y.py"
        server.write(did_open(opened))
        assert codes(server.expect(published(opened.resolve().as_uri()))) == [("EVL001", 1)]
        server.round_trip(2)
        assert set(server.diagnostics()) == {opened.resolve().as_uri()}
        assert sorted(path.name for path in downloads.rglob("*") if ".eventlint_cache" in path.parts) == []
        assert not (downloads.parent / ".eventlint_cache").exists()
    finally:
        server.close()


# -- 13: a file rewritten with the same stat stamp is read again when the client says it changed ---------

EVENTS = "src/shop/ordering/events.py"


def rewrite_keeping_stamp(path: Path, old: str, new: str) -> str:
    """Rewrite a file in place with the same size, inode and modification time; its new text."""
    assert len(old) == len(new)
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace(old, new)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (before.st_mtime_ns, before.st_size, before.st_ino)
    return text


def notification(method: str, params: Message) -> bytes:
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


def watched(uri: str, text: str) -> bytes:
    return notification("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri, "type": 2}]})


def saved_and_closed(uri: str, text: str) -> bytes:
    document = {"uri": uri, "languageId": "python", "version": 1, "text": text}
    return (
        notification("textDocument/didOpen", {"textDocument": document})
        + notification("textDocument/didSave", {"textDocument": {"uri": uri}})
        + notification("textDocument/didClose", {"textDocument": {"uri": uri}})
    )


def closed(uri: str, text: str) -> bytes:
    document = {"uri": uri, "languageId": "python", "version": 1, "text": text}
    return notification("textDocument/didOpen", {"textDocument": document}) + notification(
        "textDocument/didClose", {"textDocument": {"uri": uri}}
    )


NOTICES = {"didChangeWatchedFiles": watched, "didOpen, didSave, didClose": saved_and_closed, "didOpen, didClose": closed}


@pytest.mark.parametrize("notice", list(NOTICES.values()), ids=list(NOTICES))
def test_a_file_rewritten_with_the_same_stamp_is_read_again_when_the_client_reports_it(
    raw: RawServer, shop: Path, notice: Callable[[str, str], bytes]
) -> None:
    handlers = (shop / HANDLERS).resolve().as_uri()
    serves_after(raw, shop, b"")  # handlers.py: EVL201, for the domain event of ordering it imports
    # ordering's event is a plain class now, with the same stat stamp: nothing crosses a context.
    text = rewrite_keeping_stamp(shop / EVENTS, "StartedDomainEvent(DomainEvent)", "StartedDomainEvent(object)     ")
    raw.write(notice((shop / EVENTS).resolve().as_uri(), text))
    raw.write(did_open(shop / "src/shop/seedwork.py"))  # published after every run the notice started
    raw.expect(published((shop / "src/shop/seedwork.py").resolve().as_uri()))
    raw.round_trip(9)
    assert raw.diagnostics()[handlers] == []


# -- 22: a configuration problem is shown on the key at fault -------------------------------------------

def config_problems(raw: RawServer, shop: Path, name: str, text: str) -> list[Message]:
    """The diagnostics published on the configuration file `name` (replacing the shop's own)."""
    (shop / "eventlint.toml").unlink()
    (shop / name).write_text(text, encoding="utf-8")
    raw.write(initialize(shop))
    raw.expect(lambda message: message.get("id") == 1)
    raw.write(did_open(shop / HANDLERS))
    answer = raw.expect(published((shop / name).resolve().as_uri()))
    diagnostics: list[Message] = answer["params"]["diagnostics"]
    return diagnostics


def marked(text: str) -> list[int]:
    """The 0-based lines a configuration marks with `# <-` (where its problems are)."""
    return [number for number, line in enumerate(text.splitlines()) if line.rstrip().endswith("# <-")]


def test_a_problem_in_an_array_is_shown_on_its_element_not_on_the_first_key_of_that_name(raw: RawServer, shop: Path) -> None:
    text = CONFIG.replace('modules = ["shop.basket"]', 'modules = ["shop.basket", 5]')
    (problem,) = config_problems(raw, shop, "eventlint.toml", text)
    assert problem["message"] == "eventlint.toml: contexts.basket.modules[1]: expected a string, got an integer"
    line = text.splitlines().index('modules = ["shop.basket", 5]')
    assert problem["range"] == {"start": {"line": line, "character": 26}, "end": {"line": line, "character": 27}}


CONFIG_PROBLEMS = {
    "wrong type deep in a table": (
        "eventlint.toml",
        CONFIG.replace('[contexts.basket]\nmodules = ["shop.basket"]', '[contexts.basket]\nmodules = "shop.basket"  # <-'),
    ),
    "unknown key in a later table, the same name earlier": ("eventlint.toml", CONFIG + '[naming]\nsrc = ["x"]  # <-\n'),
    "element of a multi-line array": (
        "eventlint.toml",
        CONFIG.replace('src = ["src"]', 'src = ["src"]\nselect = [\n  "EVL201",\n  "NOPE",  # <-\n]'),
    ),
    "pyproject.toml: below [tool.eventlint]": (
        "pyproject.toml",
        '[project]\nname = "shop"\nmodules = 1\n\n[tool.eventlint]\nsrc = ["src"]\n'
        '[tool.eventlint.contexts.ordering]\nmodules = ["shop.ordering"]\n'
        '[tool.eventlint.contexts.basket]\nmodules = [1]  # <-\n',
    ),
    "inline tables": (
        "eventlint.toml",
        'src = ["src"]\n[contexts]\nordering = { modules = ["shop.ordering"] }\n'
        'basket = { modules = ["shop.basket", "shop.ordering"] }  # <-\n',
    ),
    "a quoted key": (
        "eventlint.toml",
        CONFIG + '[per-file-ignores]\n"src/*.py" = ["EVL201"]\n"tests/*.py" = ["EVL201", "NOPE"]  # <-\n',
    ),
    "dotted keys": ("eventlint.toml", CONFIG + "naming.past-tense-words = [\"two words\"]  # <-\n"),
    "a missing key, on its table": (
        "eventlint.toml",
        CONFIG.replace('[contexts.basket]\nmodules = ["shop.basket"]', '[contexts.basket]  # <-\nmodulez = ["shop.basket"]  # <-'),
    ),
    "a TOML syntax error": ("eventlint.toml", CONFIG.replace('modules = ["shop.basket"]', 'modules = ["shop.basket" "x"]  # <-')),
    "a TOML syntax error in pyproject.toml": (
        "pyproject.toml",
        '[project]\nname = "shop"\n\n[tool.eventlint]\nsrc = ["src"]\nselect = ["EVL201",\n  oops]  # <-\n',
    ),
}


@pytest.mark.parametrize(("name", "text"), list(CONFIG_PROBLEMS.values()), ids=list(CONFIG_PROBLEMS))
def test_configuration_problems_are_shown_on_the_line_at_fault(raw: RawServer, shop: Path, name: str, text: str) -> None:
    problems = config_problems(raw, shop, name, text)
    assert sorted(problem["range"]["start"]["line"] for problem in problems) == marked(text), [p["message"] for p in problems]


@settings(max_examples=300, deadline=None)
@given(
    source=st.text(alphabet=st.sampled_from(list('[]{}=,."\'#\\ \n\tab1-_:')), max_size=200),
    key=st.text(alphabet=st.sampled_from(list('ab."[]1: ')), max_size=30),
)
def test_locating_a_key_never_fails_on_any_text(source: str, key: str) -> None:
    """Whatever the configuration's text and the problem's wording, a place inside the text or none."""
    place = place_of(f"{key}: problem", source)
    if place is not None:
        assert 0 <= place.line <= place.end_line <= max(source.count("\n"), 0) + 1


def test_a_lone_file_joins_the_project_a_configuration_made_later_declares(raw: RawServer, downloads: Path) -> None:
    opened = downloads / "y.py"
    raw.write(initialize(None))
    raw.expect(lambda message: message.get("id") == 1)
    raw.write(did_open(opened))
    assert codes(raw.expect(published(opened.resolve().as_uri()))) == [("EVL001", 1)]
    (downloads / "eventlint.toml").write_text('src = ["."]\n', encoding="utf-8")
    config = (downloads / "eventlint.toml").resolve().as_uri()
    raw.write(notification("workspace/didChangeWatchedFiles", {"changes": [{"uri": config, "type": 1}]}))
    sibling = (downloads / "sub/deep.py").resolve().as_uri()
    assert codes(raw.expect(published(sibling))) == [("EVL001", 1)]
