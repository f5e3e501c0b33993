"""Where Python's compiler and libcst run: one thread with a fixed stack, under fixed recursion limits.

Both recurse on the shape of the code they read, and both give up (a
`RecursionError`, a file refused as too deeply nested) at a depth that
depends on the stack beneath them and on the recursion limit. Run wherever a
job happens to be (deep inside a command in the main process, at the top of
a worker's loop), the same file could parse in one place and not in the
other, and the findings would depend on `--jobs`. So every compile and parse
runs on one dedicated thread per process, started with the same stack size
and run under the same recursion limit: a file gets the same verdict wherever
it is read.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Callable
from typing import TypeVar, cast

# Past this many bytes a file is never compiled or parsed in the process that runs the project:
# Python's compiler needs about 250 bytes of memory per byte of source, libcst several times that.
IN_PROCESS_BYTES = 256_000

_T = TypeVar("_T")

STACK_SIZE = 512 * 1024 * 1024  # bytes of (virtual, touched only as used) stack
# libcst's parser and the walks over its trees: thousands of levels for a long `a + b + ...`.
PARSE_RECURSION = 60_000
# Python's own compiler, as deep as Python goes with its default limit: past it, Python
# itself could not import the file, and eventlint reports it as too deeply nested.
COMPILE_RECURSION = 1_000


class _Lane:
    """The thread, and the work handed to it: (work, where its outcome goes, released when done)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.requests: queue.SimpleQueue[tuple[Callable[[], object], list[object], list[BaseException], threading.Lock]]
        self.requests = queue.SimpleQueue()
        previous = threading.stack_size(STACK_SIZE)
        try:
            self.thread = threading.Thread(target=self._serve, name="eventlint-parsing", daemon=True)
            self.thread.start()
        finally:
            threading.stack_size(previous)

    def _serve(self) -> None:
        while True:
            work, outcome, failure, done = self.requests.get()
            try:
                outcome.append(work())
            except BaseException as error:  # handed to the caller
                failure.append(error)
            finally:
                done.release()

    def run(self, work: Callable[[], object]) -> object:
        outcome: list[object] = []
        failure: list[BaseException] = []
        done = threading.Lock()
        done.acquire()
        self.requests.put((work, outcome, failure, done))
        done.acquire()
        if failure:
            raise failure[0]
        return outcome[0]


_lock = threading.Lock()  # one piece of work at a time: the recursion limit is the whole process's
_lane: _Lane | None = None


def _forget_lane() -> None:
    # A forked worker inherits neither the thread nor, safely, the lock.
    global _lane, _lock
    _lane = None
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_lane)


def on_the_parsing_stack(work: Callable[[], _T], recursion_limit: int = PARSE_RECURSION) -> _T:
    """`work()` on the parsing thread under `recursion_limit`; its exception re-raised here.

    Called from the parsing thread itself (a compile inside a parse), it runs
    there at once, under the limit asked for.
    """
    global _lane
    lane = _lane
    if lane is not None and threading.current_thread() is lane.thread:
        return _limited(work, recursion_limit)
    with _lock:
        if _lane is None or _lane.pid != os.getpid():
            _lane = _Lane()
        lane = _lane
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(recursion_limit)
        try:
            return cast(_T, lane.run(work))
        finally:
            sys.setrecursionlimit(limit)


def _limited(work: Callable[[], _T], recursion_limit: int) -> _T:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(recursion_limit)
    try:
        return work()
    finally:
        sys.setrecursionlimit(limit)
