"""Any shape of code: no rule recurses on it, a failure costs one function, `--jobs` never changes the output.

Issue 13, items 8 and 12. Every test writes a small project whose other files
carry known findings (EVL201, EVL202, EVL301, EVL302, EVL401) and puts one
odd shape of code in `src/shop/catalog/shaped.py`: a generated dispatcher of a
thousand `elif`s, blocks nested as deep as the tokenizer allows, expression
chains thousands of terms long. The shaped function publishes an integration
event before its commit, so EVL302 reads it to the end (the shape's own
verdict: that EVL302, or EVL001 where Python itself refuses the file).

The runs go through the command line in this process with `--no-cache`, once
with one job and once with two (the pool forced on for this small project):
exit code 1, every other finding kept, and the two JSON outputs byte-identical.
"""

from __future__ import annotations

import asyncio
import collections
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from editor import open_workspace
from projects import assert_fires_as_marked, run, shop_config, write

import eventlint.checks.transactions
import eventlint.index.handlers
import eventlint.pipeline.workers
from eventlint.facts import FunctionFact

CONFIG = shop_config(
    "ordering",
    "catalog",
    "basket",
    "notifications",
    src=True,
    published_language=True,
    relationships=["catalog -> basket"],
    dispatch=["broker", "local", "commit"],
)

FILES: dict[str, str] = {
    "eventlint.toml": CONFIG,
    "src/shop/__init__.py": "",
    "src/shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "src/shop/contracts.py": (
        "from dataclasses import dataclass\n\nfrom shop.seedwork import IntegrationEvent\n\n\n"
        "@dataclass\nclass ProductPriceChangedIntegrationEvent(IntegrationEvent):\n    product_id: int\n    price: int\n"
    ),
    "src/shop/ordering/__init__.py": "",
    "src/shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent):\n    order_id: int\n"
    ),
    "src/shop/ordering/service.py": (
        "from shop.ordering.events import OrderStartedDomainEvent\n\n\n"
        "class OrderingService:\n"
        "    def __init__(self, event_bus) -> None:\n"
        "        self.event_bus = event_bus\n\n"
        "    def start(self, order_id: int) -> None:\n"
        "        self.event_bus.publish(OrderStartedDomainEvent(order_id=order_id))\n"
    ),
    "src/shop/catalog/__init__.py": "",
    "src/shop/catalog/service.py": (
        "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
        "class PriceService:\n"
        "    def __init__(self, mediator, event_bus, uow) -> None:\n"
        "        self.mediator = mediator\n"
        "        self.event_bus = event_bus\n"
        "        self.uow = uow\n\n"
        "    def change(self, product_id: int, price: int) -> None:\n"
        "        self.mediator.publish(ProductPriceChangedIntegrationEvent(product_id, price))\n\n"
        "    def straight(self) -> None:\n"
        "        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))\n"
        "        self.uow.commit()\n"
    ),
    "src/shop/notifications/__init__.py": "",
    "src/shop/notifications/handlers.py": (
        "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
        "class PriceAlertHandler:\n"
        "    def handle(self, event: ProductPriceChangedIntegrationEvent) -> None:\n"
        "        print(event.price)\n"
    ),
    "src/shop/basket/__init__.py": "",
    "src/shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n",
}

Finding = tuple[str, str, int]  # code, path, line

KNOWN: collections.Counter[Finding] = collections.Counter(
    {
        ("EVL201", "src/shop/basket/handlers.py", 1): 1,
        ("EVL202", "src/shop/ordering/service.py", 9): 1,
        ("EVL301", "src/shop/catalog/service.py", 11): 1,
        ("EVL302", "src/shop/catalog/service.py", 14): 1,
        ("EVL401", "src/shop/notifications/handlers.py", 5): 1,
    }
)

SHAPED = "src/shop/catalog/shaped.py"
I = "    "
HEAD = (
    "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
    "class Router:\n"
    "    def __init__(self, event_bus, uow) -> None:\n"
    "        self.event_bus = event_bus\n"
    "        self.uow = uow\n\n"
    "    def route(self, items, lock, x, a):\n"
    "        event = ProductPriceChangedIntegrationEvent(1, 2)\n"
)
PUBLISH = "self.event_bus.publish(event)"
COMMIT = "        self.uow.commit()\n"


# -- the shapes ------------------------------------------------------------------------------


def elif_chain(branches: int, calls: bool = False) -> str:
    """`if x == 0: ... elif x == 1: ...` (tests calling `isinstance` when `calls`), publishing in the `else`."""

    def test(n: int) -> str:
        return f"isinstance(x, int) and x == {n}" if calls else f"x == {n}"

    lines = [f"{I * 2}if {test(0)}:", f"{I * 3}x = 0"]
    for n in range(1, branches):
        lines += [f"{I * 2}elif {test(n)}:", f"{I * 3}x = {n}"]
    lines += [f"{I * 2}else:", f"{I * 3}{PUBLISH}"]
    return HEAD + "\n".join(lines) + "\n" + COMMIT


def nested(header: Callable[[int], str], depth: int, closing: tuple[str, ...] = ()) -> str:
    """`depth` compound statements, each inside the last (`closing`: the lines ending each, as `finally:`)."""
    lines = [I * (level + 2) + header(level) for level in range(depth)]
    lines.append(I * (depth + 2) + PUBLISH)
    for level in reversed(range(depth)) if closing else ():
        lines += [I * (level + 2) + line for line in closing]
    return HEAD + "\n".join(lines) + "\n" + COMMIT


def expression(text: str) -> str:
    """A statement `x = TEXT` after the publish."""
    return HEAD + f"{I * 2}{PUBLISH}\n{I * 2}x = {text}\n" + COMMIT


def assignment_chain(length: int) -> str:
    """`e0 = event; e1 = e0; ...`, the last one published."""
    lines = [f"{I * 2}e0 = event", *(f"{I * 2}e{n} = e{n - 1}" for n in range(1, length))]
    return HEAD + "\n".join([*lines, f"{I * 2}self.event_bus.publish(e{length - 1})"]) + "\n" + COMMIT


def class_chain(length: int) -> str:
    """`class Base1(Base0)`, `class Base2(Base1)`, ... below an integration event base, then a badly named event."""
    lines = ["from shop.seedwork import IntegrationEvent", "", "", "class Base0(IntegrationEvent): ..."]
    lines += [f"class Base{n}(Base{n - 1}): ..." for n in range(1, length)]
    return "\n".join([*lines, "", "", f"class CreateOrder(Base{length - 1}): ..."]) + "\n"


def line_of(source: str, text: str) -> int:
    """The 1-based line of the last line holding `text`."""
    return max(number for number, line in enumerate(source.splitlines(), 1) if text in line)


def publish_line(source: str) -> set[tuple[tuple[str, int], ...]]:
    return {(("EVL302", line_of(source, "self.event_bus.publish(")),)}


def publish_or_refused(source: str) -> set[tuple[tuple[str, int], ...]]:
    """Near the depth where Python's compiler gives up: the finding, or EVL001 (the compiler differs by version)."""
    return publish_line(source) | {(("EVL001", 1),)}


def sent_line(source: str) -> set[tuple[tuple[str, int], ...]]:
    return {(("EVL304", line_of(source, "self.event_bus.publish(")),)}


def misnamed(source: str) -> set[tuple[tuple[str, int], ...]]:
    line = line_of(source, "class CreateOrder")
    return {(("EVL102", line), ("EVL104", line))}


Verdicts = Callable[[str], set[tuple[tuple[str, int], ...]]]

SHAPES = [
    pytest.param(elif_chain(1000), publish_line, id="elif-chain-1000"),
    pytest.param(elif_chain(1000, calls=True), publish_line, id="elif-chain-1000-calling-tests"),
    # The tokenizers of Python and libcst stop at 100 levels of indentation: 97 blocks in a method.
    pytest.param(nested(lambda n: f"if items[{n}]:", 97), publish_line, id="nested-if-97"),
    # Python's compiler stops at 20 nested loops, `with`s and `try`s (it refuses the file); libcst does not.
    pytest.param(nested(lambda n: "for x in items:", 97), publish_line, id="nested-for-97"),
    pytest.param(nested(lambda n: "while items:", 97), publish_line, id="nested-while-97"),
    pytest.param(nested(lambda n: "with lock:", 97), publish_line, id="nested-with-97"),
    pytest.param(nested(lambda n: "try:", 48, ("finally:", I + "lock.release()")), publish_line, id="nested-try-finally-48"),
    pytest.param(nested(lambda n: "try:", 48, ("except ValueError:", I + "x = lock")), publish_line, id="nested-try-except-48"),
    pytest.param(expression(" + ".join(["a"] * 1500)), publish_line, id="plus-chain-1500"),
    pytest.param(expression(" + ".join(["a"] * 3000)), publish_or_refused, id="plus-chain-3000"),
    pytest.param(expression(" and ".join(["a"] * 3000)), publish_line, id="and-chain-3000"),
    pytest.param(expression("a(" * 190 + ")" * 190), publish_line, id="nested-calls-190"),
    pytest.param(expression("[" * 190 + "]" * 190), publish_line, id="nested-lists-190"),
    pytest.param(expression("lambda: " * 1000 + "1"), publish_line, id="nested-lambdas-1000"),
    pytest.param(expression("a" + ".where()" * 600), publish_line, id="attribute-calls-600"),
    pytest.param(expression("a" + ".where()" * 3000), publish_or_refused, id="attribute-calls-3000"),
    pytest.param(expression("a" + ".b" * 1000), publish_line, id="attribute-chain-1000"),
    # A chain of names is followed so far, then unknown: no guess, no EVL302; the send before the commit
    # is EVL304's, whatever it sends.
    pytest.param(assignment_chain(1000), sent_line, id="assignment-chain-1000"),
    pytest.param(assignment_chain(30), publish_line, id="assignment-chain-30"),
    pytest.param(class_chain(1000), misnamed, id="class-chain-1000"),
]


# -- running the command line -------------------------------------------------------------------


@pytest.fixture()
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--jobs 2` uses worker processes even for these small projects."""
    monkeypatch.setattr(eventlint.pipeline.workers, "POOL_THRESHOLD", 0)


def check(capsys: pytest.CaptureFixture[str], root: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    return run(capsys, "check", "--no-cache", "--format", "json", "--jobs", str(jobs))


def findings(out: str) -> list[dict[str, object]]:
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def others(data: list[dict[str, object]]) -> collections.Counter[Finding]:
    return collections.Counter((str(d["code"]), str(d["path"]), int(str(d["line"]))) for d in data if d["path"] != SHAPED)


def shaped(data: list[dict[str, object]]) -> tuple[tuple[str, int], ...]:
    return tuple((str(d["code"]), int(str(d["line"]))) for d in data if d["path"] == SHAPED)


@pytest.mark.usefixtures("pool_always")
@pytest.mark.parametrize(("source", "verdicts"), SHAPES)
def test_shape_keeps_every_finding_and_one_output_for_any_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, source: str, verdicts: Verdicts
) -> None:
    root = write(tmp_path / "shop", {**FILES, SHAPED: source})
    code, one, err = check(capsys, root, monkeypatch, jobs=1)
    assert code == 1, err
    assert "internal error" not in err
    data = findings(one)
    assert others(data) == KNOWN
    assert shaped(data) in verdicts(source)
    code, two, err = check(capsys, root, monkeypatch, jobs=2)
    assert (code, "internal error" in err) == (1, False), err
    assert two == one


def test_thousand_branch_elif_chain_keeps_the_other_files_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's case: EVL202, EVL301, EVL302 and EVL401 raised RecursionError for the whole project (exit 2)."""
    root = write(tmp_path / "shop", {**FILES, SHAPED: elif_chain(1000)})
    code, out, err = check(capsys, root, monkeypatch, jobs=1)
    assert (code, err) == (1, "")
    data = findings(out)
    assert others(data) == KNOWN
    assert shaped(data) == (("EVL302", line_of(elif_chain(1000), PUBLISH)),)


# -- 12: the verdict near Python's own nesting limit does not depend on where a file is read ------------


def test_chains_around_the_compilers_limit_get_one_verdict_for_any_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`x = 'a' + 'a' + ...` of 2,850 to 3,050 terms: each accepted or EVL001 alike with one job and two.

    These files name no event, so only Python's compiler judges them, and how
    deep it goes depended on the stack it ran on: the main process's, deep in
    a command, or a worker's (a 2,950-term chain was EVL001 with two jobs and
    clean with one).
    """
    monkeypatch.setattr(eventlint.pipeline.workers, "POOL_THRESHOLD", 0)
    chains = {f"src/shop/basket/chain_{terms}.py": "x = " + " + ".join(["'a'"] * terms) + "\n" for terms in range(2850, 3051, 5)}
    root = write(tmp_path / "shop", {**FILES, **chains})
    code, one, err = check(capsys, root, monkeypatch, jobs=1)
    assert code == 1, err
    data = findings(one)
    refused = sorted(int(str(d["path"]).partition("_")[2].removesuffix(".py")) for d in data if d["code"] == "EVL001")
    assert others([d for d in data if d["code"] != "EVL001"]) == KNOWN
    assert refused == list(range(refused[0], 3051, 5)) if refused else True  # one limit: every longer chain refused
    code, two, err = check(capsys, root, monkeypatch, jobs=2)
    assert code == 1, err
    assert two == one


# -- a failure in one function costs that function only ----------------------------------------------


def _failing_for(name: str, real: Callable[..., object]) -> Callable[..., object]:
    """`real`, raising RecursionError when the function it is about is called `name`."""

    def patched(*args: object, **kwargs: object) -> object:
        if any(isinstance(arg, FunctionFact) and arg.name == name for arg in args):
            raise RecursionError("maximum recursion depth exceeded")
        return real(*args, **kwargs)

    return patched


@pytest.mark.parametrize(
    ("module", "attribute", "kept"),
    [
        pytest.param(eventlint.checks.transactions, "_timings", False, id="EVL302-timing"),
        pytest.param(eventlint.index.handlers, "_handlings_in", True, id="handlers"),
    ],
)
def test_failure_in_one_function_costs_that_function_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, module: object, attribute: str, kept: bool
) -> None:
    """An internal error naming the function (exit 2), and every finding of every other function kept."""
    monkeypatch.setattr(module, attribute, _failing_for("route", getattr(module, attribute)))
    source = elif_chain(10)
    root = write(tmp_path / "shop", {**FILES, SHAPED: source})
    code, out, err = check(capsys, root, monkeypatch, jobs=1)
    assert code == 2
    assert err.count("internal error in") == 1
    assert "eventlint: internal error in src/shop/catalog/shaped.py, function `Router.route` (please report it):" in err
    assert "RecursionError" in err
    data = findings(out)
    assert others(data) == KNOWN
    assert shaped(data) == ((("EVL302", line_of(source, PUBLISH)),) if kept else ())


# -- the language server -------------------------------------------------------------------------------

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the language server tests need the test extras (pytest-lsp)")
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

WAIT = 30.0  # seconds: the first run parses a thousand-branch function
# A server whose EVL302 timing fails on `Router.route`, as a bug in it would.
FAILING_SERVER = (
    "import sys, eventlint.checks.transactions as t\n"
    "real = t._timings\n"
    "def failing(dispatch, key, function, sites):\n"
    "    if function.name == 'route':\n"
    "        raise RecursionError('maximum recursion depth exceeded')\n"
    "    return real(dispatch, key, function, sites)\n"
    "t._timings = failing\n"
    "from eventlint.cli import main\n"
    "sys.exit(main(['lsp']))\n"
)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return write(tmp_path / "shop", {**FILES, SHAPED: elif_chain(1000)})


async def _start(lsp_client: LanguageClient, root: Path) -> None:
    await open_workspace(lsp_client, root)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "eventlint", "lsp"]))
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    await _start(lsp_client, request.getfixturevalue("project"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-c", FAILING_SERVER]))
async def failing_client(lsp_client: LanguageClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    await _start(lsp_client, request.getfixturevalue("project"))
    yield
    await lsp_client.shutdown_session()


def _uri(root: Path, relpath: str) -> str:
    return (root / relpath).resolve().as_uri()


def _open(client: LanguageClient, root: Path, relpath: str) -> None:
    text = (root / relpath).read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(_uri(root, relpath), "python", 1, text)))


def _shown(client: LanguageClient, root: Path) -> collections.Counter[Finding]:
    prefix = root.resolve().as_uri() + "/"
    return collections.Counter(
        (str(d.code), file_uri.removeprefix(prefix), d.range.start.line + 1)
        for file_uri, diagnostics in client.diagnostics.items()
        for d in diagnostics
    )


async def _until(done: Callable[[], bool]) -> None:
    async def wait() -> None:
        while not done():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(wait(), WAIT)


@pytest.mark.asyncio
async def test_language_server_publishes_every_file_beside_a_thousand_branch_chain(client: LanguageClient, project: Path) -> None:
    _open(client, project, SHAPED)
    expected = KNOWN + collections.Counter({("EVL302", SHAPED, line_of(elif_chain(1000), PUBLISH)): 1})
    await _until(lambda: _shown(client, project) == expected)
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]


@pytest.mark.asyncio
async def test_language_server_says_which_function_it_could_not_check(failing_client: LanguageClient, project: Path) -> None:
    """A bug in one function: its own finding is missing, every other file's is published, and the log says why."""
    client = failing_client
    _open(client, project, SHAPED)
    await _until(lambda: _shown(client, project) == KNOWN and bool(client.log_messages))
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert errors and errors[0].startswith(
        "eventlint: internal error in src/shop/catalog/shaped.py, function `Router.route` (please report it):"
    )


# -- an elif chain, flat, still runs its tests in order ------------------------------------------------


def test_elif_test_runs_only_after_the_branches_before_it() -> None:
    """A commit in an `elif` test follows a publish before the chain, not one in an earlier branch."""
    service = '''\
from shop.contracts import ProductPriceChangedIntegrationEvent


class PriceService:
    def __init__(self, event_bus, uow) -> None:
        self.event_bus = event_bus
        self.uow = uow

    def before_the_chain(self, x: int) -> None:
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        if x == 0:
            pass
        elif x == 1:
            pass
        elif self.uow.commit():
            pass

    def in_a_branch_before_the_test(self, x: int) -> None:
        if x == 0:
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))
        elif self.uow.commit():
            pass

    def in_a_branch_after_the_test(self, x: int) -> None:
        if x == 0:
            pass
        elif self.uow.commit():
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))
        elif self.uow.commit():
            pass

    def in_a_later_test(self, x: int) -> None:
        if x == 0:
            pass
        elif self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2)):  # expect: EVL302
            pass
        else:
            self.uow.commit()
'''
    files = {path.removeprefix("src/"): FILES[path] for path in ("src/shop/seedwork.py", "src/shop/contracts.py")}
    assert_fires_as_marked({**files, "shop/catalog/ordered.py": service}, CONFIG.replace('src = ["src"]\n', ""))
