"""What one run may cost: workers die with their parent, every file's time and memory are bounded.

* Worker processes never outlive the command that started them, however it ends
  (SIGKILL, SIGTERM, ...), also while they are busy parsing.
* No text scan is quadratic: pathological files (long runs of comments, blank lines,
  star imports, long lines, deep but valid nesting, many classes) each finish under
  a generous bound (a hang guard, not a timing) with EVL001 or the right findings.
* A file that needs more memory than one file may use is EVL001, the rest of the
  run unaffected; a big file is never compiled in the main process.
* `--jobs N` starts no more workers than the processors this process may use.
* A tree without event vocabulary parses nothing, star imports or not.
"""

from __future__ import annotations

import collections
import faulthandler
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import libcst
import pytest
from projects import SHOP, SHOP_FINDINGS, write

import eventlint.pipeline.screening
import eventlint.pipeline.workers
from eventlint import lint_paths, lint_sources
from eventlint.api import resolve_config
from eventlint.pipeline.workers import usable_processors

HANG_GUARD = 120  # seconds: what no run of these small projects comes near, unless it hangs
KNOWN = {(path, code, line) for path, code, line in SHOP_FINDINGS}
needs_a_pool = pytest.mark.skipif(usable_processors() < 2, reason="one processor: every file is parsed in this process")
MENTION = "from shop.seedwork import DomainEvent\n"


def check(root: Path, *argv: str, timeout: float = HANG_GUARD) -> tuple[int, list[dict[str, object]], str]:
    """`python -m eventlint check --format json --no-cache ARGV ROOT` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--format", "json", "--no-cache", *argv, str(root)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    findings = json.loads(done.stdout) if done.stdout.strip() else []
    return done.returncode, findings, done.stderr


def found(findings: list[dict[str, object]]) -> set[tuple[object, object, object]]:
    return {(d["path"], d["code"], d["line"]) for d in findings}


# -- workers die with their parent ---------------------------------------------------------------


def busy_project(root: Path) -> Path:
    """The shop and enough event-laden code to keep two workers parsing for minutes."""
    body = MENTION + "".join(
        f"class Order{n}StartedDomainEvent(DomainEvent):\n    def apply(self, order):\n        return [order, {n}, ({n},)]\n\n"
        for n in range(700)
    )
    files = {f"src/shop/load/m{n:03d}.py": body for n in range(150)}
    return write(root, {**SHOP, "src/shop/load/__init__.py": "", **files})


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, read from /proc."""
    found: set[int] = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def leftovers() -> Iterator[set[int]]:
    """Pids a test saw; any still alive at the end is killed (by its id) so no test leaks a process."""
    seen: set[int] = set()
    yield seen
    for pid in seen:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@needs_a_pool
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize(
    "signum",
    [
        pytest.param(signal.SIGKILL, id="SIGKILL"),
        pytest.param(signal.SIGTERM, id="SIGTERM"),
        pytest.param(signal.SIGHUP, id="SIGHUP"),
        pytest.param(signal.SIGQUIT, id="SIGQUIT"),
    ],
)
def test_busy_workers_exit_when_the_check_is_killed(tmp_path: Path, leftovers: set[int], signum: int) -> None:
    root = busy_project(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "eventlint", "check", "--no-cache", "--jobs", "2", str(root)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert wait_until(lambda: len(children(process.pid)) >= min(2, usable_processors()), 60), "no workers started"
        time.sleep(0.5)  # the workers are parsing now
        workers = children(process.pid)
        leftovers.update(workers)
        process.send_signal(signum)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert wait_until(lambda: not any(alive(pid) for pid in workers), 10), [pid for pid in workers if alive(pid)]


@needs_a_pool
def test_the_run_ends_normally_with_its_workers(tmp_path: Path) -> None:
    """A whole run that used the pool leaves no worker behind in this process."""
    root = write(tmp_path, {**SHOP, **filler()})
    config, _ = resolve_config([root])
    result = lint_paths([root], config, base=root, cache=False, jobs=2)
    assert {(d.path, d.code, d.line) for d in result.diagnostics} == KNOWN
    assert multiprocessing.active_children() == []


# -- no more workers than processors -------------------------------------------------------------


def filler(files: int = 40) -> dict[str, str]:
    """Files without event words (screened by the pool's workers), more bytes than a pool needs."""
    body = "".join(f"VALUE_{n} = {n}\n" for n in range(1200))
    assert len(body) * files > eventlint.pipeline.workers.POOL_THRESHOLD
    return {f"src/shop/filler/f{n:02d}.py": body for n in range(files)}


@needs_a_pool
@pytest.mark.parametrize("jobs", [2, 3, 64, 1000])
def test_jobs_never_start_more_workers_than_processors(tmp_path: Path, jobs: int) -> None:
    root = write(tmp_path, {**SHOP, **filler()})
    config, _ = resolve_config([root])
    most = [0]

    def progress(done: int, total: int) -> None:
        most[0] = max(most[0], len(multiprocessing.active_children()))

    result = lint_paths([root], config, base=root, cache=False, jobs=jobs, progress=progress)
    assert {(d.path, d.code, d.line) for d in result.diagnostics} == KNOWN
    assert 1 <= most[0] <= min(jobs, usable_processors())


@needs_a_pool
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_jobs_1000_on_the_command_line(tmp_path: Path, leftovers: set[int]) -> None:
    root = busy_project(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "eventlint", "check", "--no-cache", "--jobs", "1000", str(root)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    seen: set[int] = set()
    try:
        assert wait_until(lambda: bool(children(process.pid)), 60), "no workers started"
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:  # every worker the pool starts is started by now
            seen |= children(process.pid)
            time.sleep(0.05)
    finally:
        leftovers.update(seen)
        process.kill()
        process.wait()
    assert 1 <= len(seen) <= usable_processors()


# -- every scan linear, every file bounded --------------------------------------------------------

KILOBYTES = 300_000


def repeated(unit: str, size: int = KILOBYTES) -> str:
    return unit * (size // len(unit))


def nested_ifs(depth: int) -> str:
    return "".join("    " * level + f"if x{level}:\n" for level in range(depth)) + "    " * depth + "pass\n"


CLEAN: frozenset[str] = frozenset()
PATHOLOGICAL = [
    pytest.param(repeated("# import\n\n"), CLEAN, id="comment-import-and-blank-lines"),
    pytest.param("import os\n" + repeated("\n") + "x = 1\n", CLEAN, id="an-import-then-blank-lines"),
    pytest.param("import os\n" + repeated(" \\\n") + "\n", CLEAN, id="an-import-then-continuations"),
    pytest.param(repeated("#\n"), CLEAN, id="a-long-comment-run"),
    pytest.param(repeated("# noqa " * 10 + "\n"), CLEAN, id="noqa-words-in-comments"),
    pytest.param(repeated("from shop.seedwork import *\n"), CLEAN, id="many-star-imports"),
    pytest.param(repeated("from . import *\n") + MENTION, CLEAN, id="many-relative-star-imports"),
    pytest.param("# " + repeated("import *"), CLEAN, id="a-line-of-star-imports-in-a-comment"),
    pytest.param(repeated("'import *'\n"), CLEAN, id="star-imports-in-strings"),
    pytest.param("# from " + "a" * KILOBYTES + "\n", CLEAN, id="from-and-a-long-word"),
    pytest.param("# from " + " " * KILOBYTES + "import\n", CLEAN, id="from-and-a-long-space"),
    pytest.param("x = '" + "a" * KILOBYTES + "'\n", CLEAN, id="a-long-line"),
    pytest.param("x = [\n" + repeated("    1,\n") + "]\n" + MENTION, CLEAN, id="a-long-list"),
    # 3,000 terms: past about 4,000, Python 3.13 stops libcst's code generator (its C recursion limit), EVL001 there.
    pytest.param("x = 1" + " and 1" * 3000 + "\n" + MENTION, CLEAN, id="a-long-and-chain"),
    pytest.param(nested_ifs(90) + MENTION, CLEAN, id="deep-but-valid-nesting"),
    pytest.param(
        MENTION + "".join(f"class Order{n}StartedDomainEvent(DomainEvent): ...\n" for n in range(5000)),
        CLEAN,
        id="many-event-classes",
    ),
    pytest.param(
        MENTION + "".join(f"class Thing{n}:\n    def f(self):\n        return DomainEvent\n" for n in range(3000)),
        CLEAN,
        id="many-classes",
    ),
    pytest.param("x = " + "(" * 300 + "1" + ")" * 300 + "\n" + MENTION, frozenset({"EVL001"}), id="too-deep-nesting"),
]


@pytest.mark.parametrize(("text", "codes"), PATHOLOGICAL)
def test_a_pathological_file_finishes_with_its_verdict(tmp_path: Path, text: str, codes: frozenset[str]) -> None:
    root = write(tmp_path, {**SHOP, "src/shop/basket/bad.py": text})
    code, findings, stderr = check(root, "--jobs", "1")
    assert code == 1, stderr
    assert {d["code"] for d in findings if d["path"] == "src/shop/basket/bad.py"} == codes
    assert {f for f in found(findings) if f[0] != "src/shop/basket/bad.py"} == KNOWN


def test_a_file_of_comment_imports_and_blank_lines_is_screened_in_linear_time(tmp_path: Path) -> None:
    """The case reported: 300 kB of `# import` and blank lines took two minutes (a quadratic scan)."""
    text = "# import\n" + "\n" * KILOBYTES + "# import\n" * 1000
    root = write(tmp_path, {**SHOP, "src/shop/basket/bad.py": text})
    code, findings, stderr = check(root, "--jobs", "1", timeout=60)
    assert code == 1, stderr
    assert found(findings) == KNOWN


# -- memory ---------------------------------------------------------------------------------------


@pytest.fixture
def quiet_aborts() -> Iterator[None]:
    """No stack dump from pytest's fault handler, which forked workers inherit, when the parser aborts."""
    enabled = faulthandler.is_enabled()
    faulthandler.disable()
    yield
    if enabled:
        faulthandler.enable()


@pytest.mark.usefixtures("quiet_aborts")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_past_the_memory_bound_is_evl001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """The reported case, scaled down: a megabyte-sized event module needs gigabytes to parse."""
    monkeypatch.setattr(eventlint.pipeline.workers, "MEMORY_PER_FILE", 150 * 1024 * 1024)  # forked workers inherit it
    text = MENTION + "".join(
        f"class Order{n}StartedDomainEvent(DomainEvent):\n    items = [{n}, ({n},), {{{n}: {n}}}]\n\n" for n in range(12000)
    )
    assert len(text) > eventlint.pipeline.workers.IN_PROCESS_BYTES
    root = write(tmp_path, {**SHOP, "src/shop/basket/big.py": text})
    config, _ = resolve_config([root])
    result = lint_paths([root], config, base=root, cache=False, jobs=jobs)
    assert not result.errors
    big = [d for d in result.diagnostics if d.path == "src/shop/basket/big.py"]
    assert [d.code for d in big] == ["EVL001"]
    assert "out of memory" in big[0].message and "150 MB" in big[0].message
    assert {(d.path, d.code, d.line) for d in result.diagnostics if d.path != "src/shop/basket/big.py"} == KNOWN


@pytest.mark.usefixtures("quiet_aborts")
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x = 1\n" * 60_000, id="no-vocabulary"),
        pytest.param(MENTION + "x = 1\n" * 60_000, id="vocabulary"),
        pytest.param("x = (\n" * 10 + "x = 1\n" * 60_000, id="syntax-error"),
    ],
)
def test_a_big_file_is_never_compiled_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Python's compiler needs hundreds of bytes of memory per byte of source: a big file goes to a bounded worker."""
    parent = os.getpid()
    compiled: list[int] = []
    monkeypatch.setattr(eventlint.pipeline.workers, "MEMORY_PER_FILE", 150 * 1024 * 1024)  # no minutes parsing it

    def spy(source: str, *args: object, **kwargs: object) -> object:
        if os.getpid() == parent:
            compiled.append(len(source))
        return compile(source, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(eventlint.pipeline.screening, "compile", spy, raising=False)
    assert len(text) > eventlint.pipeline.workers.IN_PROCESS_BYTES
    root = write(tmp_path, {**SHOP, "src/shop/basket/big.py": text})
    config, _ = resolve_config([root])
    result = lint_paths([root], config, base=root, cache=False, jobs=1)
    assert not result.errors
    assert compiled and max(compiled) <= eventlint.pipeline.workers.IN_PROCESS_BYTES
    assert {(d.path, d.code, d.line) for d in result.diagnostics if d.path != "src/shop/basket/big.py"} == KNOWN


# -- a tree without event vocabulary parses nothing -------------------------------------------------

SHOP_SOURCES = {path: text for path, text in SHOP.items() if path != "eventlint.toml"}
SHOP_CONFIG = str(SHOP["eventlint.toml"])
HANDLERS = "src/shop/basket/handlers.py"
STAR_SHAPES = [
    pytest.param({HANDLERS: "from shop.ordering.events import *\n"}, id="absolute"),
    pytest.param({HANDLERS: "from ..ordering.events import *\n"}, id="relative"),
    pytest.param({HANDLERS: "from ..ordering.events import (\n    *\n)\n"}, id="bracketed"),
    pytest.param({HANDLERS: "from shop.ordering.events \\\n    import *\n"}, id="continued"),
    pytest.param({HANDLERS: "from .. ordering.events import *\n"}, id="spaced-unreadable"),
    pytest.param(
        {"src/shop/ordering/api.py": "from .events import *\n", HANDLERS: "from shop.ordering.api import *\n"},
        id="chained",
    ),
    pytest.param(
        {
            "src/shop/ordering/api.py": "from .events import *\n",
            "src/shop/ordering/public.py": "from . import api\nfrom .api import *\n",
            HANDLERS: "from shop.ordering.public import *\n",
        },
        id="chained-twice",
    ),
    pytest.param(
        {"src/shop/ordering/__init__.py": "from .events import *\n", HANDLERS: "from shop.ordering import *\n"},
        id="package",
    ),
    pytest.param({HANDLERS: "from os.path import *\nfrom shop.seedwork import *\n"}, id="unrelated"),
    pytest.param(
        {
            "src/shop/ordering/special.py": "from .events import CreateOrder\n\nclass Special(CreateOrder): ...\n\ntype A = int\n",
            HANDLERS: "from shop.ordering.special import *\n",
        },
        id="a-module-python-may-reject",
    ),
    pytest.param(
        {"src/shop/ordering/newer.py": "type A = int\n", HANDLERS: "from shop.ordering.newer import *\n"},
        id="a-module-without-events-python-may-reject",
    ),
    pytest.param({HANDLERS: "from shop.ordering.events import *\n\nx = OrderStartedDomainEvent\n"}, id="named-too"),
]


def codes_of(sources: dict[str, str | bytes], precheck: bool) -> collections.Counter[tuple[str, str, int]]:
    result = lint_sources(sources, SHOP_CONFIG, precheck=precheck)
    assert not result.errors, result.errors[0].details
    return collections.Counter((d.path, d.code, d.line) for d in result.diagnostics)


@pytest.mark.parametrize("files", STAR_SHAPES)
def test_a_star_import_finds_what_parsing_every_file_finds(files: dict[str, str]) -> None:
    sources: dict[str, str | bytes] = {**SHOP_SOURCES, **files}
    assert codes_of(sources, precheck=True) == codes_of(sources, precheck=False)


@pytest.mark.parametrize("files", [p for p in STAR_SHAPES if p.id in ("absolute", "relative", "chained", "package")])
def test_a_star_import_of_another_contexts_events_is_evl201(files: dict[str, str]) -> None:
    found = codes_of({**SHOP_SOURCES, **files}, precheck=True)
    assert found[(HANDLERS, "EVL201", 1)] >= 1


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files libcst parses in this process (jobs=1 keeps small files here)."""
    seen: list[str] = []
    real = libcst.parse_module

    def parse_module(source: str, *args: object, **kwargs: object) -> libcst.Module:
        seen.append(source[:60])
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(libcst, "parse_module", parse_module)
    return seen


NO_VOCABULARY = [
    pytest.param({"a.py": "from b import *\n", "b.py": "from c import *\n", "c.py": "x = 1\n"}, id="chain"),
    pytest.param({"a.py": "from b import *\n", "b.py": "from a import *\n"}, id="cycle"),
    pytest.param({"pkg/__init__.py": "from .a import *\nfrom . import *\n", "pkg/a.py": "y = 2\n"}, id="relative"),
    pytest.param({"a.py": "from os.path import *\nfrom tkinter import *\n"}, id="outside-the-project"),
    pytest.param({"a.py": "from b import *\n" * 1000, "b.py": "class Event: ...\n"}, id="many"),
]


@pytest.mark.parametrize("files", NO_VOCABULARY)
def test_a_tree_without_event_vocabulary_parses_nothing(files: dict[str, str], parses: list[str]) -> None:
    result = lint_sources(files, None, jobs=1)
    assert not result.errors and not result.diagnostics
    assert parses == []


# -- init costs what a check costs ---------------------------------------------------------------

EXAMPLES = Path(__file__).parent.parent / "examples"
MESSAGE_BASE = {
    "app/__init__.py": "",
    "app/seedwork.py": "class Message:\n    pass\n",
    "app/sales/__init__.py": "",
    "app/sales/messages.py": (
        "from app.seedwork import Message\n\n\n"
        "class OrderPlacedEvent(Message): ...\n\n\nclass OrderShippedEvent(Message): ...\n\n\n"
        "class OrderPaidEvent(Message): ...\n"
    ),
    "app/sales/commands.py": "from app.seedwork import Message\n\n\nclass PlaceOrder(Message): ...\n",
    "app/stock/__init__.py": "",
    "app/stock/commands.py": (
        "from app.seedwork import Message\n\n\nclass Reserve(Message): ...\n\n\nclass Release(Message): ...\n"
    ),
}
AGGREGATES = {
    "app/__init__.py": "",
    "app/seedwork.py": "class AggregateRoot: ...\n\n\nclass DomainEvent: ...\n",
    "app/sales/__init__.py": "",
    "app/sales/order.py": "from app.seedwork import AggregateRoot\n\n\nclass Order(AggregateRoot): ...\n",
    "app/sales/events.py": "from app.seedwork import DomainEvent\n\n\nclass OrderPlaced(DomainEvent): ...\n",
    "app/billing/__init__.py": "",
    "app/billing/invoice.py": "from app.sales.order import Order\n\n\nclass Invoice(Order): ...\n",
    "app/billing/handlers.py": "from app.sales.events import OrderPlaced\n\n\ndef on_placed(event: OrderPlaced) -> None: ...\n",
    "app/billing/plain.py": "from os.path import *\n\nX = 1\n",
}


@pytest.mark.parametrize(
    "project",
    [
        pytest.param(EXAMPLES / "shop", id="example-shop"),
        pytest.param(EXAMPLES / "shop-violations", id="example-shop-violations"),
        pytest.param(MESSAGE_BASE, id="a-base-named-neither-way"),
        pytest.param(AGGREGATES, id="aggregates-and-handlers"),
        pytest.param({**SHOP_SOURCES, HANDLERS: "from shop.ordering.events import *\n"}, id="star-import"),
    ],
)
def test_init_proposes_what_parsing_every_file_proposes(tmp_path: Path, project: Path | dict[str, str]) -> None:
    from eventlint.init import survey

    root = project if isinstance(project, Path) else write(tmp_path, project)
    assert survey(root, jobs=1) == survey(root, jobs=1, precheck=False)


def test_init_on_a_tree_without_event_vocabulary_parses_nothing(tmp_path: Path, parses: list[str]) -> None:
    from eventlint.init import propose_configuration

    files = {f"pkg/m{n}.py": f"from pkg.m{n + 1} import *\n\n\nclass Thing{n}:\n    pass\n" for n in range(30)}
    root = write(tmp_path, {"pkg/__init__.py": "", **files})
    outcome = propose_configuration(root, jobs=1)
    assert not outcome.failed
    assert parses == []
