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
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

pytest.importorskip("pytest_lsp", reason="the language server tests need the test extras (pytest-lsp)")
from projects import CONFIG, SHOP, write  # noqa: E402

WAIT = 30.0  # seconds: the most a slow machine may take to answer (a limit, not a measure)
Message = dict[str, Any]


def frame(message: Message) -> bytes:
    """A message as the protocol frames it."""
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    """`eventlint lsp` in a subprocess, fed raw bytes; what it sends back, message by message."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eventlint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.received: queue.Queue[Message | None] = queue.Queue()
        self.log: list[bytes] = []
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
            if wanted(message):
                return message

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
