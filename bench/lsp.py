"""Measure the language server on a generated monorepo: how long a change takes to be answered.

    python bench/lsp.py [--files 5000] [--changes 10] [--keep DIR]

It starts `python -m eventlint lsp` over stdio in the tree (with the cache
made warm by one `eventlint check` first), opens the file `monorepo.py`
edits, waits three seconds (a user reading it; the server fills its memory
with the project's facts meanwhile), then sends `--changes` unsaved changes
to it, each adding a function, and times each from the `didChange`
notification to the `publishDiagnostics` of that version (so the server's
debounce is included). The baseline,
measured in the same run, is libcst parsing every file of the tree in one
process, as in `bench.py`; the figures are also given as a ratio to one warm
`eventlint check` of the tree after the same edit, the cost without a server.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).parent))

from bench import PARSE_ALL, eventlint, in_work_folder, measure, tree

PAUSE = 3.0  # seconds between opening the file and the first change


class Client:
    """The least an LSP client does: send, receive, answer the server's requests with null."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eventlint", "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def _read(self) -> None:
        stdout: IO[bytes] | None = self.process.stdout
        assert stdout is not None
        while True:
            length = 0
            while True:
                line = stdout.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stdout.read(length))
            if "method" in message and "id" in message:  # a request of the server's: accept it
                self._send({"id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.put(message)
            elif message.get("id") in self.responses:
                self.responses[message["id"]].put(message)

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        answer: queue.Queue[dict[str, Any]] = queue.Queue()
        self.responses[self.next_id] = answer
        self._send({"id": self.next_id, "method": method, "params": params})
        return answer.get(timeout=600).get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def published(self, uri: str, version: int, timeout: float = 600) -> dict[str, Any]:
        """Wait for the diagnostics of `uri` at `version`."""
        deadline = time.perf_counter() + timeout
        while True:
            message = self.notifications.get(timeout=max(deadline - time.perf_counter(), 0.001))
            params = message.get("params") or {}
            if message["method"] == "textDocument/publishDiagnostics" and params.get("uri") == uri:
                if params.get("version") == version:
                    return params

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="generate the tree under this folder and keep it")
    in_work_folder(parser.parse_args(), run, "eventlint-lsp-bench-")


def run(args: argparse.Namespace, work: Path) -> None:
    root = work / f"monorepo-{args.files}"
    planted = tree(root, args.files)
    print(f"tree: {planted.files} files, {planted.lines} lines", flush=True)
    parse_all, _, _ = measure([sys.executable, "-c", PARSE_ALL, str(root)], root)
    measure(eventlint("."), root)  # a warm cache, as after any `check`
    target = (root / planted.edit_target).resolve()
    original = target.read_text(encoding="utf-8")
    target.write_text(original + "\n\ndef touched_cli() -> int:\n    return 1\n", encoding="utf-8")
    check_edited, _, _ = measure(eventlint("."), root)
    target.write_text(original, encoding="utf-8")
    measure(eventlint("."), root)

    client = Client(root)
    uri = target.as_uri()
    client.request("initialize", {"processId": None, "rootUri": root.resolve().as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    start = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": original}})
    client.published(uri, 1)
    opened = time.perf_counter() - start
    time.sleep(PAUSE)  # a user reads the file before typing; the server reads the project's facts meanwhile
    answers = []
    text = original
    for number in range(args.changes):
        text += f"\n\ndef touched_{number}() -> int:\n    return 1\n"
        version = number + 2
        start = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )
        client.published(uri, version)
        answers.append(time.perf_counter() - start)
    client.close()

    median = statistics.median(answers)
    print("each change, in order: " + ", ".join(f"{seconds:.2f}" for seconds in answers))
    print(f"\n{planted.files} files; baseline: libcst parsing every file, {parse_all:.2f} s\n")
    rows = [
        ("language server", "seconds", "× libcst", "× warm check after an edit"),
        ("file opened (first run, warm cache)", f"{opened:.3f}", f"{opened / parse_all:.4f}", f"{opened / check_edited:.2f}"),
        (
            f"change answered, median of {args.changes}",
            f"{median:.3f}",
            f"{median / parse_all:.4f}",
            f"{median / check_edited:.2f}",
        ),
        (
            "change answered, slowest",
            f"{max(answers):.3f}",
            f"{max(answers) / parse_all:.4f}",
            f"{max(answers) / check_edited:.2f}",
        ),
        ("`eventlint check` after an edit, warm", f"{check_edited:.3f}", f"{check_edited / parse_all:.4f}", "1.00"),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


if __name__ == "__main__":
    main()
