"""Measure the language server on a generated monorepo: how long an edit takes to be answered, and its memory.

    python bench/lsp.py [--files 5000] [--changes 20] [--event-changes 5] [--pause 3] [--keep DIR]

On one tree of `--files` modules (see `monorepo.py`), on the processors this
machine gives (the figures of the issue are for 2), it measures:

* the baseline: `libcst.parse_module` of every file of the tree, in one
  process (as in `bench.py`); every figure is also given as a ratio to it;
* `eventlint check` after a one-file edit (a line typed inside a function
  of the leaf module below), with the cache warm: the cost without a server;
* the real server, `python -m eventlint lsp` over stdio, started after one
  `eventlint check` made the cache warm (both run from this source tree):
  - open: the time from `didOpen` of the leaf module (the first file opened)
    to the `publishDiagnostics` of that version;
  - leaf edit: after `--pause` seconds (a user reading the file), `--changes`
    edits of the leaf module (`Planted.leaf_target`: the handlers of the
    domain events of one service, event-related code that no module imports),
    each typing one line inside the body of its middle `handle` method, so
    every later line moves down. Each is sent as an incremental `didChange`
    once the one before was answered and at least `--interval` seconds after
    it (a typist's pace, not a burst), and timed from the `didChange` to the
    `publishDiagnostics` of that version, the server's debounce included;
    median and p95 (nearest rank);
  - event-module edit: the module defining an event that the most modules
    import (`Planted.event_target`: the seedwork mediator, with its
    `HandlerFailedDomainEvent`; the count is printed) is opened, then
    `--event-changes` edits each add a new domain event class to it, timed
    the same way; median;
  - memory: the peak resident memory of the server process (`VmHWM` of
    /proc/PID/status, read after the last edit; the parser processes it may
    start are not counted).

Each figure is printed with its target (issue 17) and the tree size the
target is for: on 5,000 files, leaf edit median ≤ 0.10 s and p95 ≤ 0.20 s,
event-module edit ≤ 0.5 s, open ≤ 0.5 s and `check` after an edit ≤ 0.02×
the libcst baseline; on 20,000 files, leaf edit median ≤ 0.15 s and memory
< 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).parent))

from bench import PARSE_ALL, eventlint, in_work_folder, measure, table, tree

SOURCE = Path(__file__).resolve().parent.parent  # the eventlint this script measures
CHECK_TARGET = 0.02  # × libcst: `eventlint check` after a one-file edit


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

    def open(self, path: Path) -> tuple[str, str, float]:
        """Open a file: its URI, its text and the seconds until its diagnostics came."""
        uri, text = path.as_uri(), path.read_text(encoding="utf-8")
        start = time.perf_counter()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        self.published(uri, 1)
        return uri, text, time.perf_counter() - start

    def insert(self, uri: str, version: int, line: int, text: str) -> float:
        """Type `text` at the start of `line` (0-based): the seconds until the diagnostics of that version came."""
        at = {"line": line, "character": 0}
        start = time.perf_counter()
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": at, "end": at}, "text": text}],
            },
        )
        self.published(uri, version)
        return time.perf_counter() - start

    def peak_memory(self) -> int:
        """The peak resident memory of the server process, in bytes (0 where /proc does not say)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii")
        except OSError:
            return 0
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--changes", type=int, default=20, help="leaf edits (median and p95)")
    parser.add_argument("--event-changes", type=int, default=5, help="edits of the event module (median)")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between opening the file and the first edit")
    parser.add_argument("--interval", type=float, default=0.25, help="least seconds between two edits (a typist's pace)")
    parser.add_argument("--keep", type=Path, help="generate the tree under this folder and keep it")
    # Every process started (`check`, the server) runs this source tree, and they share one cache: its engine.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(SOURCE), os.environ.get("PYTHONPATH"))))
    in_work_folder(parser.parse_args(), run, "eventlint-lsp-bench-")


def leaf_line(text: str) -> int:
    """The 0-based line below the docstring of the middle `handle` method of the leaf module: where a line is typed."""
    lines = text.splitlines()
    handles = [number for number, line in enumerate(lines) if line.lstrip().startswith("def handle(")]
    if not handles:
        raise SystemExit("the leaf module has no `handle` method to type in")
    return handles[len(handles) // 2] + 2


def event_line(text: str) -> int:
    """The 0-based line of `class Mediator:` in the event module: a new event class goes above it."""
    return text.splitlines().index("class Mediator:")


def typed(client: Client, uri: str, count: int, interval: float, edit: Any) -> list[float]:
    """`count` edits of an open file, each once the one before was answered and `interval` after it began."""
    answers = []
    for number in range(count):
        begun = time.perf_counter()
        line, text = edit(number)
        answers.append(client.insert(uri, number + 2, line, text))
        time.sleep(max(0.0, begun + interval - time.perf_counter()))
    return answers


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def run(args: argparse.Namespace, work: Path) -> None:
    root = work / f"monorepo-{args.files}"
    planted = tree(root, args.files)
    print(f"tree: {planted.files} files, {planted.lines} lines; {os.cpu_count()} processors", flush=True)
    leaf, event = (root / planted.leaf_target).resolve(), (root / planted.event_target).resolve()
    started = time.perf_counter()
    parse_all, _, _ = measure([sys.executable, "-c", PARSE_ALL, str(root)], root)
    measure(eventlint("."), root)  # a warm cache, as after any `check`
    original = leaf.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    at = leaf_line(original)
    leaf.write_text("".join(lines[:at] + ["        typed_by_check = 1\n"] + lines[at:]), encoding="utf-8")
    check_edited, _, _ = measure(eventlint("."), root)
    leaf.write_text(original, encoding="utf-8")
    measure(eventlint("."), root)
    print(f"baselines and check measured in {time.perf_counter() - started:.0f} s", flush=True)

    client = Client(root)
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.resolve().as_uri(),
            "workspaceFolders": [{"uri": root.resolve().as_uri(), "name": root.name}],
            "capabilities": {},
        },
    )
    client.notify("initialized", {})
    leaf_uri, _, opened = client.open(leaf)
    time.sleep(args.pause)  # a user reads the file before typing
    leaf_answers = typed(client, leaf_uri, args.changes, args.interval, lambda n: (at, f"        typed_{n} = {n}\n"))
    event_uri, event_text, _ = client.open(event)
    time.sleep(args.interval)
    new_class = (
        '@dataclass(frozen=True, kw_only=True)\nclass Typed{n}DomainEvent(DomainEvent):\n    """Added as the user types."""\n\n\n'
    )
    above = event_line(event_text)
    event_answers = typed(client, event_uri, args.event_changes, args.interval, lambda n: (above + 5 * n, new_class.format(n=n)))
    peak = client.peak_memory()
    client.close()

    print("leaf edits, in order: " + ", ".join(f"{seconds:.3f}" for seconds in leaf_answers))
    print("event-module edits, in order: " + ", ".join(f"{seconds:.3f}" for seconds in event_answers))
    print(
        f"\n{planted.files} files; baseline: libcst parsing every file, {parse_all:.2f} s; "
        f"leaf module {planted.leaf_target}; event module {planted.event_target} ({planted.event_importers} modules import it)\n"
    )
    leaf_median, event_median = statistics.median(leaf_answers), statistics.median(event_answers)
    big = planted.files >= 20_000  # the targets are for 5,000 files, the leaf median and memory also for 20,000
    rows = [
        ("measure", "seconds", "× libcst", "target (for a tree of)", "verdict"),
        _row("file opened, warm cache", opened, parse_all, 0.5, "≤ 0.5 s (5,000)"),
        _row(
            f"leaf edit, median of {len(leaf_answers)}",
            leaf_median,
            parse_all,
            *((0.15, "≤ 0.15 s (20,000)") if big else (0.10, "≤ 0.10 s (5,000)")),
        ),
        _row("leaf edit, p95", p95(leaf_answers), parse_all, 0.20, "≤ 0.20 s (5,000)"),
        _row(f"event-module edit, median of {len(event_answers)}", event_median, parse_all, 0.5, "≤ 0.5 s (5,000)"),
        _row(
            "`eventlint check` after the leaf edit",
            check_edited,
            parse_all,
            CHECK_TARGET * parse_all,
            f"≤ {CHECK_TARGET}× (5,000)",
        ),
    ]
    gib = float(1 << 30)
    memory_verdict = "unknown" if not peak else "met" if peak < gib else f"NOT met ({peak / gib:.2f}× the target)"
    rows.append(("server peak memory (VmHWM)", f"{peak / (1 << 20):.0f} MiB", "", "< 1 GiB (20,000)", memory_verdict))
    print(table(rows), flush=True)


def _row(label: str, seconds: float, parse_all: float, limit: float, shown: str) -> tuple[str, ...]:
    """A table row: the figure, its ratio to the baseline, and its target (`limit` seconds, `shown` so) with the verdict."""
    verdict = "met" if seconds <= limit else f"NOT met ({seconds / limit:.1f}× the target)"
    return (label, f"{seconds:.3f}", f"{seconds / parse_all:.4f}", shown, verdict)


if __name__ == "__main__":
    main()
