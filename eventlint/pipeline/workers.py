"""Running extraction jobs: in this process, or in worker processes that may crash.

A job screens one file (in this process: cheap) and parses it when needed.
In-process, only files that Python's own compiler accepts are parsed (libcst
handles those); a file the compiler rejects may crash or hang libcst's native
parser, so it is always parsed in a worker process, even with `--jobs 1`.
When there is enough to parse, a pool of workers parses in parallel. A worker
that dies (a segmentation fault in the parser) or overruns the time limit is
replaced, and only the file it was on becomes an EVL001 finding.

What one file may cost is bounded: a worker may add at most `MEMORY_PER_FILE`
to its address space for a file (past it the file is EVL001, and the run goes
on), a file of more than `IN_PROCESS_BYTES` is never screened or parsed in
this process (Python's own compiler needs about 250 bytes of memory per byte
of source, libcst several times that), and a pool never has more workers than
the processors this process may run on. A worker never outlives the process
that started it: it holds no other end of any pipe, dies with its parent on
Linux (`PR_SET_PDEATHSIG`), and leaves when its parent changes anywhere.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from eventlint.extractor.parsing_stack import IN_PROCESS_BYTES
from eventlint.facts.records import ModuleFacts, ParseFailure
from eventlint.facts.vocabulary import Vocabulary
from eventlint.model import Span
from eventlint.pipeline.screening import Screening, screen

if TYPE_CHECKING:  # the fork context exists only where the platform forks
    from multiprocessing.context import ForkContext, SpawnContext

# A generous bound: real files parse in well under a second per 100 kB.
TIME_LIMIT = 60.0  # seconds, plus
TIME_PER_MEGABYTE = 30.0
# Below this much to parse, starting workers costs more than it saves.
POOL_THRESHOLD = 400_000  # bytes of source
# Past these, a file is screened and parsed in a worker even with one job (see `_safe_here`).
IN_PROCESS_BOOLEAN_OPERATORS = 2_000
_BOOLEAN_OPERATORS = re.compile(rb"\b(?:and|or)\b")
# What a worker may add to its address space for one file: real files need a
# tenth of it; generated megabytes would take gigabytes and minutes.
MEMORY_PER_FILE = 2048 * 1024 * 1024  # bytes
# How often a worker looks whether its parent is still there (where no signal says so).
PARENT_CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class Job:
    """One file to screen, and to parse when needed (`parse`: in any case)."""

    number: int
    data: bytes
    module: str
    is_package: bool
    parse: bool = False
    screening: Screening | None = None  # when already screened


@dataclass(frozen=True)
class Done:
    """What a job gave: the screening, and the facts or failure when parsed.

    `error` holds the traceback of a bug in eventlint met on this file.
    """

    number: int
    screening: Screening
    outcome: ModuleFacts | ParseFailure | None
    error: str | None = None
    final: bool = True  # False for a time-out: not worth caching


def time_limit(job: Job) -> float:
    """Seconds one job may take before its worker is stopped."""
    return TIME_LIMIT + TIME_PER_MEGABYTE * len(job.data) / 1_000_000


def perform(job: Job, vocabulary: Vocabulary, screening: Screening | None = None, memory_limit: int | None = None) -> Done:
    """Screen and, when needed, parse one file, here and now (`memory_limit`: the bound set on a worker)."""
    screening = screening or job.screening or screen(job.data, vocabulary)
    if screening.failure is not None:
        return Done(job.number, screening, screening.failure)
    if not (job.parse or screening.needs_parse):
        return Done(job.number, screening, None)
    from eventlint.extractor.extract import extract  # libcst is loaded only where files are parsed

    try:
        outcome = extract(job.data, job.module, job.is_package, vocabulary)
    except Exception:
        return Done(job.number, screening, None, error=traceback.format_exc())
    if memory_limit is not None and isinstance(outcome, ParseFailure) and "out of memory" in outcome.message:
        outcome = ParseFailure(out_of_memory(memory_limit), outcome.span)
    return Done(job.number, screening, outcome)


def out_of_memory(limit: int) -> str:
    """The EVL001 reason of a file that needs more memory than one file may use."""
    return f"the parser ran out of memory on this file: it needs more than the {limit // (1024 * 1024)} MB one file may use"


def usable_processors() -> int:
    """The processors this process may run on: the most workers a pool starts."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Extraction:
    """Runs jobs in-process or in a pool, whichever pays; isolates what may crash the parser."""

    def __init__(self, vocabulary: Vocabulary, jobs: int, limit: Callable[[Job], float] = time_limit) -> None:
        self.vocabulary = vocabulary
        self.jobs = max(1, min(jobs, usable_processors()))  # more workers than processors only queue
        self.limit = limit
        self._pool: _Pool | None = None

    def run(self, batch: Sequence[Job], progress: Callable[[], None] | None = None) -> Iterator[Done]:
        """Every job's result, in no particular order."""
        if self.jobs > 1 and sum(len(job.data) for job in batch) >= POOL_THRESHOLD:
            for done in self._workers(self.jobs).run(batch):  # screening in the workers too
                if progress is not None:
                    progress()
                yield done
            return
        to_parse: list[Job] = []
        for job in batch:
            if job.screening is None and len(job.data) > IN_PROCESS_BYTES:
                to_parse.append(job)  # screened in a worker: compiling it here could take gigabytes
                continue
            screening = job.screening or screen(job.data, self.vocabulary)
            if screening.failure is None and (job.parse or screening.needs_parse):
                to_parse.append(replace(job, screening=screening))
                continue
            if progress is not None:
                progress()
            yield perform(job, self.vocabulary, screening)
        pooled = self.jobs > 1 and sum(len(job.data) for job in to_parse) >= POOL_THRESHOLD
        isolated = [job for job in to_parse if pooled or not _safe_here(job)]
        for job in to_parse:
            if not pooled and _safe_here(job):
                if progress is not None:
                    progress()
                yield perform(job, self.vocabulary)
        if isolated:
            for done in self._workers(self.jobs if pooled else 1).run(isolated):
                if progress is not None:
                    progress()
                yield done

    def _workers(self, size: int) -> _Pool:
        if self._pool is None or self._pool.size < size:
            if self._pool is not None:
                self._pool.close()
            self._pool = _Pool(size, self.vocabulary, self.limit)
        return self._pool

    def close(self) -> None:
        """Stop every worker."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _safe_here(job: Job) -> bool:
    """Whether libcst may parse the file in this process.

    Python's own compiler must have accepted it, and it must hold nothing libcst
    handles worse than Python: long `and`/`or` chains (flat for Python, nested
    for libcst, whose native parser overflows its stack past a few thousand
    terms), or megabytes of code (minutes and gigabytes to parse: a worker
    bounds both).
    """
    if job.screening is None or not job.screening.compiles or len(job.data) > IN_PROCESS_BYTES:
        return False
    return len(_BOOLEAN_OPERATORS.findall(job.data)) < IN_PROCESS_BOOLEAN_OPERATORS


def _context() -> ForkContext | SpawnContext:
    # fork starts a worker in milliseconds with eventlint already imported;
    # where it is unsafe or missing, spawn.
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _serve(connection: Connection, vocabulary: Vocabulary, parent: int) -> None:
    """A worker: perform each job sent, answer each in order, stop on None, on EOF or when the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _quiet()
    for inherited in _PARENT_ENDS:  # forked: the parent's ends of every pipe, this one's too
        inherited.close()
    _PARENT_ENDS.clear()
    _follow_parent(parent)
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for job in batch:
            limit = _bound_memory()
            connection.send(perform(job, vocabulary, memory_limit=limit))


def _follow_parent(parent: int) -> None:
    """End this worker when the process that started it ends, however it ends.

    A killed parent closes its ends of the pipes, but a worker busy parsing
    does not read its pipe: on Linux the kernel kills it at once
    (`PR_SET_PDEATHSIG`); elsewhere a thread watches for a new parent.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # gone before the kernel was told
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="eventlint-parent-watch", daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _quiet() -> None:
    """Send this worker's error stream nowhere: a native abort's text would land amid the report.

    What a worker meets reaches the parent as a result (an EVL001, an error's traceback).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _bound_memory() -> int | None:
    """Let this worker grow by at most `MEMORY_PER_FILE` from now; the bound, or None where it cannot be set."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = size + MEMORY_PER_FILE
        if hard != resource.RLIM_INFINITY and soft > hard:
            return None
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, OSError, ValueError, IndexError):
        return None
    return MEMORY_PER_FILE


# The parent's ends of the pipes to its workers: a forked worker closes them,
# or a worker would keep the others' (and its own) pipes open after the parent died.
_PARENT_ENDS: list[Connection] = []


class _Worker:
    def __init__(self, context: ForkContext | SpawnContext, vocabulary: Vocabulary) -> None:
        ours, theirs = context.Pipe()
        _PARENT_ENDS.append(ours)
        self.process = context.Process(target=_serve, args=(theirs, vocabulary, os.getpid()), daemon=True)
        self.process.start()
        theirs.close()
        self.connection: Connection = ours
        self.queue: deque[Job] = deque()  # sent, not answered yet, in order
        self.since = time.monotonic()  # when the job at the head of the queue began

    def send(self, jobs: list[Job]) -> None:
        if not self.queue:
            self.since = time.monotonic()
        self.queue.extend(jobs)
        self.connection.send(jobs)

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.connection.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=None if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()
        if self.connection in _PARENT_ENDS:
            _PARENT_ENDS.remove(self.connection)


class _Pool:
    """Worker processes fed in small batches; a dead or stuck one is replaced."""

    def __init__(self, size: int, vocabulary: Vocabulary, limit: Callable[[Job], float]) -> None:
        self.size = size
        self.vocabulary = vocabulary
        self.limit = limit
        self.context = _context()
        self.workers: list[_Worker] = []

    def run(self, batch: Sequence[Job]) -> Iterator[Done]:
        pending = deque(batch)
        while len(self.workers) < min(self.size, len(pending)):
            self.workers.append(_Worker(self.context, self.vocabulary))
        chunk = max(1, min(8, len(pending) // (4 * max(1, len(self.workers)))))
        for worker in self.workers:
            self._feed(worker, pending, chunk)
            if _small(pending, chunk):
                self._feed(worker, pending, chunk)
        while any(worker.queue for worker in self.workers):
            busy = [worker for worker in self.workers if worker.queue]
            deadline = min(worker.since + self.limit(worker.queue[0]) for worker in busy)
            ready = wait([worker.connection for worker in busy], timeout=max(0.0, deadline - time.monotonic()))
            for worker in busy:
                if worker.connection in ready:
                    yield from self._receive(worker, pending, chunk)
                elif worker.queue and time.monotonic() >= worker.since + self.limit(worker.queue[0]):
                    job = worker.queue.popleft()
                    seconds = self.limit(job)
                    yield _failed(job, f"the parser did not finish within {seconds:.0f} s on this file", final=False)
                    self._replace(worker, pending, chunk, kill=True)

    def _receive(self, worker: _Worker, pending: deque[Job], chunk: int) -> Iterator[Done]:
        try:
            done = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join()
            job = worker.queue.popleft()
            yield _failed(job, _crash_reason(worker.process.exitcode))
            self._replace(worker, pending, chunk, kill=True)
            return
        worker.queue.popleft()
        worker.since = time.monotonic()
        if not worker.queue or (len(worker.queue) <= chunk and _small(pending, chunk)):
            self._feed(worker, pending, chunk)  # a small next batch goes ahead: no idle round trip
        yield done

    def _replace(self, worker: _Worker, pending: deque[Job], chunk: int, kill: bool) -> None:
        unanswered = list(worker.queue)
        worker.stop(kill=kill)
        index = self.workers.index(worker)
        fresh = _Worker(self.context, self.vocabulary)
        self.workers[index] = fresh
        pending.extendleft(reversed(unanswered))
        self._feed(fresh, pending, chunk)

    @staticmethod
    def _feed(worker: _Worker, pending: deque[Job], chunk: int) -> None:
        jobs = [pending.popleft() for _ in range(min(chunk, len(pending)))]
        if jobs:
            worker.send(jobs)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []


def _small(pending: deque[Job], chunk: int) -> bool:
    """Whether the next batch is small enough to sit in the pipe while the worker is busy.

    A batch sent ahead must fit the pipe's buffer, or the parent could block
    sending it while the worker blocks sending its results.
    """
    return sum(len(pending[n].data) for n in range(min(chunk, len(pending)))) < 64_000


def _failed(job: Job, message: str, final: bool = True) -> Done:
    failure = ParseFailure(message, Span(1, 1, 1, 1))
    return Done(job.number, Screening(failure=failure, compiles=False), failure, final=final)


def _crash_reason(code: int | None) -> str:
    """Why a worker died on a file: an abort is how the native parser meets the memory bound."""
    reason = f"the parser crashed on this file ({_exit_reason(code)})"
    if code == -signal.SIGABRT:
        megabytes = MEMORY_PER_FILE // (1024 * 1024)
        return f"{reason}, most likely out of memory: it needs more than the {megabytes} MB one file may use"
    return reason


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
