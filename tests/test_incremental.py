"""After every edit, judging only what the edit can change gives what judging from scratch gives.

Random sequences of edits (event classes added, removed and renamed; aliases,
imports, context-crossing imports; publishes and task sends inside and outside
transactions; handlers; files created, deleted and broken; lines moved; the
configuration changed) are applied to a project on disk. After each one the
project is linted three ways: by a long-running session that keeps its memory
(as the language server), by the command line reading its cache, and from
scratch with no cache; all three must agree. The reference services and a
generated monorepo are replayed the same way, file by file.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import shop_config
from test_properties import PIECES, SEEDWORK

from eventlint.api import Options, Result, Session, lint_paths, resolve_config
from eventlint.model import Diagnostic
from eventlint.pipeline.cache import Memory

# Pieces that open transactions and send tasks across modules (EVL304 through callers), and handle events.
MORE_PIECES = [
    (
        "from celery import shared_task\n\n\n@shared_task\ndef job{n}() -> None:\n    pass\n\n\n"
        "def send{n}() -> None:\n    job{n}.delay()\n"
    ),
    "from django.db import transaction\nfrom {other} import send{m}\n\n\ndef save{n}() -> None:\n    with transaction.atomic():\n        send{m}()\n",
    "from django.db import transaction\n\n\n@transaction.atomic\ndef place{n}(event_bus) -> None:\n    event_bus.publish(Note{n}IntegrationEvent())\n",
    "from {other} import Thing{m}PaidIntegrationEvent\n\n\ndef on_paid{n}(event: Thing{m}PaidIntegrationEvent) -> None:\n    pass\n",
    "def subscribe{n}(bus) -> None:\n    bus.subscribe(Thing{n}PaidIntegrationEvent, handle_paid{n})\n",
    (
        "from django.db import transaction\nfrom shop.ordering.tasks import send_notice\n\n\n"
        "def again{n}() -> None:\n    with transaction.atomic():\n        send_notice()\n"
    ),
    "from shop.seedwork import IntegrationEvent\n\n\nclass Shared{n}IntegrationEvent(IntegrationEvent):\n    pass\n",
    (
        "from {other} import Shared{m}IntegrationEvent\n\n\n"
        "def share{n}(event_bus) -> None:\n    event_bus.publish(Shared{m}IntegrationEvent())\n"
    ),
    "from {other} import Shared{m}IntegrationEvent\n\n\ndef handle_shared{n}(event: Shared{m}IntegrationEvent) -> None:\n    pass\n",
    "from {other} import handle_paid{m}, ALIAS{m}\n\nHANDLERS{n} = {{ALIAS{m}: [handle_paid{m}]}}\n",
]
ALL_PIECES = [*PIECES, *MORE_PIECES]
# A core every generated project starts from: each way findings of one module come from another's code.
CORE = {
    "shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent, IntegrationEvent\n\n\n"
        "class OrderPlacedIntegrationEvent(IntegrationEvent):\n    pass\n\n\n"
        "class OrderStartedDomainEvent(DomainEvent):\n    pass\n"
    ),
    "shop/basket/handlers.py": (
        "from shop.ordering.events import OrderPlacedIntegrationEvent, OrderStartedDomainEvent\n\n\n"
        "def handle_placed(event: OrderPlacedIntegrationEvent) -> None:\n    pass\n"
    ),
    "shop/ordering/tasks.py": (
        "from celery import shared_task\n\n\n@shared_task\ndef notify() -> None:\n    pass\n\n\n"
        "def send_notice() -> None:\n    notify.delay()\n"
    ),
    "shop/ordering/service.py": (
        "from django.db import transaction\n"
        "from shop.basket.handlers import handle_placed\n"
        "from shop.ordering.events import OrderPlacedIntegrationEvent\n"
        "from shop.ordering.tasks import send_notice\n\n\n"
        "def place(event_bus, uow) -> None:\n"
        "    with transaction.atomic():\n"
        "        send_notice()\n"
        "    handle_placed(OrderPlacedIntegrationEvent())\n"
        "    event_bus.publish(OrderPlacedIntegrationEvent())\n"
        "    uow.commit()\n"
    ),
}
RENAMES = (("Paid", "Settled"), ("Shipped", "Sent"), ("Placed", "Booked"), ("Started", "Begun"), ("notify", "remind"))
PLACES = ["shop/ordering", "shop/basket", "shop/contracts", "shop/app"]
CONFIGS = [
    shop_config("ordering", "basket", published_language=True, dispatch=["broker", "local", "outbox", "commit"]),
    shop_config(
        "ordering",
        "basket",
        published_language=True,
        relationships=["ordering -> basket"],
        dispatch=["broker", "local", "outbox", "commit"],
    ),
    shop_config("ordering", "basket", "app", dispatch=["broker", "local", "commit"]),
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@dataclass
class Model:
    """The project as the edits see it: each file a list of pieces (its module number fixed), and the configuration."""

    files: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    config: int = 0
    created: int = 0

    def module(self, path: str) -> str:
        return path.removesuffix(".py").replace("/", ".")

    def text(self, path: str) -> str:
        return "".join(self.files[path])

    def piece(self, path: str, choice: int, other: int) -> str:
        paths = sorted(self.files)
        target = paths[other % len(paths)]
        return ALL_PIECES[choice % len(ALL_PIECES)].format(n=self.numbers[path], m=self.numbers[target], other=self.module(target))


Edit = tuple[str, int, int, int]


def edits() -> st.SearchStrategy[list[Edit]]:
    kinds = st.sampled_from(["add", "add", "remove", "shift", "shift", "rename", "rename", "create", "delete", "break", "config"])
    numbers = st.integers(min_value=0, max_value=1000)
    return st.lists(st.tuples(kinds, numbers, numbers, numbers), min_size=1, max_size=7)


def apply(model: Model, edit: Edit) -> str:
    """Apply one edit; say which (for the failure message)."""
    kind, a, b, c = edit
    paths = sorted(path for path in model.files if path != "shop/seedwork.py")
    core = [path for path in paths if path in CORE]
    chosen = core if core and a % 2 else paths  # the core's files, where one module's findings come from another's, half the time
    path = chosen[(a // 2) % len(chosen)] if chosen else ""
    if kind == "create" or not paths:
        model.created += 1
        path = f"{PLACES[a % len(PLACES)]}/new{model.created}.py"
        model.numbers[path] = 100 + model.created
        model.files[path] = []
        model.files[path].append(model.piece(path, b, c))
        return f"create {path}"
    pieces = model.files[path]
    if kind == "add":
        pieces.insert(b % (len(pieces) + 1), model.piece(path, b, c))
    elif kind == "remove" and pieces:
        pieces.pop(b % len(pieces))
    elif kind == "shift":
        pieces.insert(0, "# moved\n" * (1 + b % 3))
    elif kind == "rename" and pieces:
        number = b % len(pieces)
        for old, new in [*RENAMES[c % len(RENAMES) :], *RENAMES[: c % len(RENAMES)]]:
            if old in pieces[number]:
                pieces[number] = pieces[number].replace(old, new, 1)
                break
    elif kind == "delete":
        del model.files[path]
    elif kind == "break":
        broken = "def broken(:\n"
        if broken in pieces:
            pieces.remove(broken)
        else:
            pieces.append(broken)
    elif kind == "config":
        model.config = (model.config + 1 + b % 2) % len(CONFIGS)
    return f"{kind} {path}"


@st.composite
def models(draw: st.DrawFn) -> Model:
    model = Model()
    for number, (path, text) in enumerate(CORE.items()):
        model.files[path] = [text]
        model.numbers[path] = 50 + number
    count = draw(st.integers(min_value=0, max_value=3))
    for n in range(count):
        path = f"{draw(st.sampled_from(PLACES))}/m{n}.py"
        model.numbers.setdefault(path, n)
        model.files.setdefault(path, [])
    for path in list(model.files):
        for _ in range(draw(st.integers(min_value=0 if path in CORE else 1, max_value=2))):
            choice = draw(st.integers(min_value=0, max_value=len(ALL_PIECES) - 1))
            model.files[path].append(model.piece(path, choice, draw(st.integers(min_value=0, max_value=10))))
    model.files["shop/seedwork.py"] = [SEEDWORK]
    model.numbers["shop/seedwork.py"] = 99
    return model


def write_model(root: Path, model: Model) -> set[str]:
    """Write the model over `root`; the paths that changed (created, rewritten or deleted)."""
    changed: set[str] = set()
    present = {path.relative_to(root).as_posix() for path in root.rglob("*.py") if ".eventlint_cache" not in path.parts}
    for gone in present - set(model.files):
        (root / gone).unlink()
        changed.add(gone)
    for relpath in model.files:
        target = root / relpath
        text = model.text(relpath)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.add(relpath)
    config = root / "eventlint.toml"
    if not config.exists() or config.read_text(encoding="utf-8") != CONFIGS[model.config]:
        config.write_text(CONFIGS[model.config], encoding="utf-8")
        changed.add("eventlint.toml")
    return changed


def _whole(result: Result) -> list[tuple[Diagnostic, object, object]]:
    """The findings with what their equality leaves out: where they point, and their fix."""
    return [(d, d.related, d.fix) for d in result.diagnostics]


class ThreeWays:
    """A project linted after each edit by a session with memory, by the command line with its cache, from scratch.

    The command line runs on a copy of the project, so that its cache holds what its own last run left.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.copy = root.with_name(root.name + "-copy")
        shutil.copytree(root, self.copy, dirs_exist_ok=True)  # what was written before the first check
        self.session = Session(Memory())
        self.listing: set[str] = set()

    def check(self, changed: set[str], step: str) -> int:
        """Lint three ways and compare; `changed` holds the paths written or deleted since the last check."""
        root = self.root
        for path in changed:
            source, target = root / path, self.copy / path
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            elif target.exists():
                target.unlink()
        config, _ = resolve_config([root])
        listing = {path.relative_to(root).as_posix() for path in root.rglob("*.py") if ".eventlint_cache" not in path.parts}
        if listing != self.listing or "eventlint.toml" in changed:
            self.session.forget_files()  # as the language server does when its client says a file came or went
        self.listing = listing
        for path in changed:
            self.session.forget_stamp(str((root / path).resolve()))
        remembered = self.session.lint([], config, Options(base=root, jobs=1))
        copied, _ = resolve_config([self.copy])
        cached = lint_paths([], copied, base=self.copy, jobs=1)
        scratch = lint_paths([], config, base=root, jobs=1, cache=False)
        assert not scratch.errors, scratch.errors
        assert _whole(remembered) == _whole(scratch), step
        assert _whole(cached) == _whole(scratch), step
        copied_notices = tuple(notice.replace(str(self.copy), str(root)) for notice in cached.notices)
        assert remembered.notices == copied_notices == scratch.notices, step
        return len(scratch.diagnostics)


@SETTINGS
@given(model=models(), steps=edits())
def test_every_edit_is_judged_as_from_scratch(model: Model, steps: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        root.mkdir()
        ways = ThreeWays(root)
        ways.check(write_model(root, model), "the first run")
        for number, edit in enumerate(steps):
            said = apply(model, edit)
            ways.check(write_model(root, model), f"step {number}: {said}")


def test_the_edits_reach_the_rules() -> None:
    """Guard: the pieces and edits produce findings of the rules that read across modules, so the property is not vacuous."""
    model = Model()
    for n, place in enumerate(PLACES):
        model.numbers[f"{place}/m{n}.py"] = n
        model.files[f"{place}/m{n}.py"] = []
    model.files["shop/seedwork.py"] = [SEEDWORK]
    model.numbers["shop/seedwork.py"] = 99
    paths = sorted(model.files)
    for path in paths[:4]:
        for choice in range(len(ALL_PIECES)):
            model.files[path].append(model.piece(path, choice, paths.index(path) + 1))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_model(root, model)
        config, _ = resolve_config([root])
        codes = {d.code for d in lint_paths([], config, base=root, cache=False).diagnostics}
    assert {"EVL201", "EVL301", "EVL302", "EVL304", "EVL102"} <= codes


# -- replays ------------------------------------------------------------------------------------


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and ".eventlint_cache" not in path.parts)


def _replay(source: Path, work: Path, chunk: int) -> Iterator[int]:
    """Build `source` again in `work`, `chunk` files at a time (its configuration first), checking each step."""
    files = _files(source)
    configs = [path for path in files if path.name in ("eventlint.toml", "pyproject.toml")]
    rest = [path for path in files if path not in configs]
    for path in configs:
        target = work / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    work.mkdir(exist_ok=True)
    ways = ThreeWays(work)
    for start in range(0, len(rest), chunk):
        changed = set()
        for path in rest[start : start + chunk]:
            target = work / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            changed.add(path.relative_to(source).as_posix())
        yield ways.check(changed, f"files up to {rest[min(start + chunk, len(rest)) - 1]}")
    # Then each Python file of it edited in turn: a line in the middle, then back as it was.
    for path in [p for p in rest if p.suffix == ".py"][:: max(1, len(rest) // 5)]:
        target = work / path.relative_to(source)
        original = target.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        middle = len(lines) // 2
        target.write_text("".join([*lines[:middle], "\n# edited\n", *lines[middle:]]), encoding="utf-8")
        yield ways.check({path.relative_to(source).as_posix()}, f"{path} edited")
        target.write_text(original, encoding="utf-8")
        yield ways.check({path.relative_to(source).as_posix()}, f"{path} restored")


@pytest.mark.parametrize("variant", ["shop", "shop-violations"])
def test_the_reference_services_replayed_file_by_file(variant: str, tmp_path: Path) -> None:
    source = Path(__file__).parent.parent / "examples" / variant
    counts = list(_replay(source, tmp_path / "work", chunk=25))
    assert counts[-1] == counts[len(counts) // 2 - 1] or variant == "shop"


def test_a_generated_monorepo_replayed_file_by_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    import monorepo

    source = tmp_path / "source"
    source.mkdir()
    monorepo.generate(source, files=150, seed=7)
    counts = list(_replay(source, tmp_path / "work", chunk=60))
    assert max(counts) > 0


def test_a_transaction_opened_elsewhere_reaches_a_module_that_does_not_import_it(tmp_path: Path) -> None:
    """A new transaction in one module makes a send in another, which never named it, a finding: judged there too."""
    root = tmp_path / "project"
    files = {
        "eventlint.toml": CONFIGS[0],
        "shop/seedwork.py": SEEDWORK,
        "shop/ordering/tasks.py": "from shop.seedwork import DomainEvent\n" + CORE["shop/ordering/tasks.py"],  # judged already
        "shop/ordering/views.py": "from shop.ordering.tasks import send_notice\n\n\ndef place() -> None:\n    send_notice()\n",
    }
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    ways = ThreeWays(root)
    assert ways.check(set(files), "before") == 0
    views = root / "shop/ordering/views.py"
    views.write_text(
        "from django.db import transaction\nfrom shop.ordering.tasks import send_notice\n\n\n"
        "def place() -> None:\n    with transaction.atomic():\n        send_notice()\n",
        encoding="utf-8",
    )
    assert ways.check({"shop/ordering/views.py"}, "a transaction opened around the call") == 1
