"""Properties over generated code: never crash, same findings alone as in the whole run, warm as cold."""

from __future__ import annotations

import tempfile
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import shop_config, write_configured

import eventlint.pipeline.workers
from eventlint import lint_paths, lint_sources
from eventlint.api import resolve_config
from eventlint.extractor.extract import extract
from eventlint.facts import ModuleFacts, ParseFailure, decode

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
GRAMMAR = settings(SETTINGS, max_examples=12)


@GRAMMAR
@given(source=hypothesmith.from_grammar())
def test_any_grammatical_source_gives_facts_or_a_parse_failure(source: str) -> None:
    outcome = extract(source.encode("utf-8", errors="surrogatepass"), "shop.ordering.module", False)
    assert isinstance(outcome, (ModuleFacts, ParseFailure))


@GRAMMAR
@given(source=hypothesmith.from_node())
def test_any_syntax_tree_is_linted_without_internal_error(source: str) -> None:
    result = lint_sources({"shop/ordering/module.py": source}, CONFIG)
    assert not result.errors


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_are_linted_without_internal_error(data: bytes) -> None:
    result = lint_sources({"shop/basket/blob.py": data}, CONFIG)
    assert not result.errors
    try:
        decode(data)
    except (UnicodeDecodeError, SyntaxError, LookupError):
        assert [d.code for d in result.diagnostics] == ["EVL001"]


CONFIG = shop_config("ordering", "basket", published_language=True, dispatch=["broker", "local", "outbox", "commit"])

SEEDWORK = "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n"

# Pieces a generated module is made of; {n} is the module's number, {m} another's.
PIECES = [
    "from shop.seedwork import DomainEvent\n\n\nclass Thing{n}ShippedDomainEvent(DomainEvent):\n    pass\n",
    "from shop.seedwork import IntegrationEvent\n\n\nclass Thing{n}PaidIntegrationEvent(IntegrationEvent):\n    pass\n",
    "from shop.seedwork import DomainEvent\n\n\nclass CreateThing{n}(DomainEvent):\n    pass\n",
    "from {other} import *\n",
    "from {other} import Thing{m}ShippedDomainEvent\n",
    "import {other} as other{m}\n\nALIAS{n} = other{m}.Thing{m}PaidIntegrationEvent\n",
    (
        "def handle{n}(uow, event_bus, event) -> None:\n"
        "    event_bus.publish(event)\n"
        "    uow.commit()\n"
    ),
    (
        "from {other} import Thing{m}PaidIntegrationEvent\n\n\n"
        "def change{n}(uow, event_bus, mediator) -> None:\n"
        "    event = Thing{m}PaidIntegrationEvent()\n"
        "    mediator.publish(event)\n"
        "    event_bus.publish(event)\n"
        "    uow.commit()\n"
    ),
    (
        "from {other} import Thing{m}ShippedDomainEvent\n\n\n"
        "def ship{n}(event_bus) -> None:\n"
        "    event_bus.publish(Thing{m}ShippedDomainEvent())  # noqa: EVL202\n"
        "    event_bus.publish([Thing{m}ShippedDomainEvent()])\n"
    ),
    # Pieces whose text never says "Event": what reaches them comes through names
    # bound elsewhere, which the pre-check must follow.
    "from {other} import ALIAS{m} as Renamed{n}\n\n\ndef relay{n}(event_bus) -> None:\n    event_bus.publish(Renamed{n}())\n",
    "from {other} import ALIAS{m}\n\n\nclass Special{n}(ALIAS{m}):\n    pass\n",
    "from {other} import Special{m}\n\n\nclass Deeper{n}(Special{m}):\n    pass\n",
    (
        "from shop.seedwork import IntegrationEvent\n\n\n"
        "class Holder{n}:\n    event: IntegrationEvent\n\n\n"
        "class Note{n}IntegrationEvent(IntegrationEvent):\n    pass\n\n\n"
        "def notify{n}(event_bus=None) -> None:\n    event_bus.publish(Note{n}IntegrationEvent())\n"
    ),
    (
        "from {other} import Holder{m}\n\n\n"
        "class Service{n}(Holder{m}):\n"
        "    def run(self, event_bus, mediator) -> None:\n"
        "        mediator.publish(self.event)\n"
        "        event_bus.publish(self.event)\n"
        "        self.uow.commit()\n"
    ),
    "from {other} import notify{m}\n\n\ndef change{n}_then_notify(uow) -> None:\n    notify{m}()\n    uow.commit()\n",
    "from {other} import ALIAS{m}\n\n\ndef handle_paid{n}(event: ALIAS{m}) -> None:\n    pass\n",
    "from {other} import handle_paid{m}, ALIAS{m}\n\n\ndef call{n}() -> None:\n    handle_paid{m}(ALIAS{m}())\n",
    "from {other} import *  # noqa: F403\n\n\ndef star{n}(event_bus) -> None:\n    event_bus.publish(Special{m}())\n",
    "from . import m{m} as sibling{n}\n\nREEXPORT{n} = sibling{n}.ALIAS{m}\n",
]


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    count = draw(st.integers(min_value=1, max_value=5))
    places = [draw(st.sampled_from(["shop/ordering", "shop/basket", "shop/contracts", "shop/app"])) for _ in range(count)]
    modules = [f"{place.replace('/', '.')}.m{n}" for n, place in enumerate(places)]
    files = {"shop/seedwork.py": SEEDWORK}
    for n, place in enumerate(places):
        other = draw(st.integers(min_value=0, max_value=count - 1))
        chosen = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4))
        files[f"{place}/m{n}.py"] = "".join(piece.format(n=n, m=other, other=modules[other]) for piece in chosen)
    return files


@SETTINGS
@given(project=projects())
def test_each_file_alone_gives_its_findings_of_the_whole_run(project: dict[str, str]) -> None:
    whole = lint_sources(project, CONFIG)
    assert not whole.errors
    for path in project:
        alone = lint_sources(project, CONFIG, report=[path])
        assert alone.diagnostics == tuple(d for d in whole.diagnostics if d.path == path)


@SETTINGS
@given(project=projects())
def test_the_pre_check_changes_no_finding(project: dict[str, str]) -> None:
    """Parsing only the files that can matter gives what parsing every file gives."""
    checked = lint_sources(project, CONFIG)
    everything = lint_sources(project, CONFIG, precheck=False)
    assert not checked.errors and not everything.errors
    assert checked.diagnostics == everything.diagnostics


@SETTINGS
@given(project=projects())
def test_warm_run_equals_cold_run(project: dict[str, str]) -> None:
    """With the cache on disk: a second run, reading facts from it, reports the same."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_configured(Path(folder), project, CONFIG)
        config, _ = resolve_config([root])
        cold = lint_paths([root], config, base=root, jobs=1)
        assert (root / ".eventlint_cache").is_dir()
        warm = lint_paths([root], config, base=root, jobs=1)
        uncached = lint_paths([root], config, base=root, jobs=1, cache=False)
    assert cold.diagnostics == warm.diagnostics == uncached.diagnostics
    assert not cold.errors and not warm.errors


@SETTINGS
@given(project=projects())
def test_workers_report_what_one_process_reports(project: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eventlint.pipeline.workers, "POOL_THRESHOLD", 0)  # the pool even for a small project
    alone = lint_sources(project, CONFIG, jobs=1)
    pooled = lint_sources(project, CONFIG, jobs=2)
    assert alone == pooled


def test_generated_projects_do_produce_findings() -> None:
    """Guard: the generator reaches the rules, so the properties above are not vacuous."""
    project = {
        "shop/seedwork.py": SEEDWORK,
        "shop/ordering/m0.py": PIECES[0].format(n=0) + PIECES[1].format(n=0),
        "shop/basket/m1.py": PIECES[7].format(n=1, m=0, other="shop.ordering.m0")
        + PIECES[4].format(n=1, m=0, other="shop.ordering.m0"),
    }
    codes = {d.code for d in lint_sources(project, CONFIG).diagnostics}
    assert {"EVL201", "EVL301", "EVL302"} <= codes


def test_generated_names_reach_files_that_never_say_event() -> None:
    """Guard: the pieces that never say "Event" do produce findings, found through other files."""

    def piece(marker: str, n: int, m: int, other: str) -> str:
        (chosen,) = [text for text in PIECES if marker in text]
        return chosen.format(n=n, m=m, other=other)

    project = {
        "shop/seedwork.py": SEEDWORK,
        "shop/ordering/m0.py": piece("class Thing{n}Paid", 0, 0, "") + piece("ALIAS{n} =", 0, 0, "shop.ordering.m0"),
        "shop/basket/m1.py": piece("class Special{n}", 1, 0, "shop.ordering.m0"),
        "shop/basket/m2.py": piece("class Deeper{n}", 2, 1, "shop.basket.m1"),
        "shop/app/m3.py": piece("class Holder{n}", 3, 3, ""),
        "shop/app/m4.py": piece("class Service{n}", 4, 3, "shop.app.m3"),
        "shop/app/m5.py": piece("_then_notify", 5, 3, "shop.app.m3"),
    }
    found = {(d.path, d.code) for d in lint_sources(project, CONFIG).diagnostics}
    assert ("shop/basket/m2.py", "EVL102") in found  # a subclass of a subclass of an event, named as nothing
    assert ("shop/app/m4.py", "EVL301") in found  # an attribute typed in a base class elsewhere
    assert ("shop/app/m5.py", "EVL302") in found  # a publishing function called before commit
    assert "Event" not in project["shop/basket/m2.py"] + project["shop/app/m4.py"] + project["shop/app/m5.py"]


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


ALIASED_BASE = '[events]\ndomain-bases = ["shared.Event"]\n'


@pytest.mark.parametrize(
    "shared",
    [
        pytest.param("from base import BaseEvent as Event\n", id="import as"),
        pytest.param("import base\n\nEvent = base.BaseEvent\n", id="assignment"),
        pytest.param("from middle import Alias as Event\n", id="through a second alias"),
    ],
)
def test_a_configured_base_reached_through_an_alias(shared: str) -> None:
    """Subclasses that only say `BaseEvent` are found: what the configured alias stands for leads to events."""
    project = {
        "shared.py": shared,
        "middle.py": "from base import BaseEvent as Alias\n",
        "base.py": "class BaseEvent:\n    pass\n",
        "orders.py": "from base import BaseEvent\n\n\nclass OrderPlaced(BaseEvent):\n    pass\n",
    }
    checked = lint_sources(project, ALIASED_BASE)
    assert [(d.path, d.code) for d in checked.diagnostics] == [("orders.py", "EVL101")]
    assert checked.diagnostics == lint_sources(project, ALIASED_BASE, precheck=False).diagnostics


def test_a_configured_base_aliasing_an_outside_class() -> None:
    project = {
        "shared.py": "from pydantic import BaseModel as Event\n",
        "orders.py": "from pydantic import BaseModel\n\n\nclass OrderPlaced(BaseModel):\n    pass\n",
    }
    checked = lint_sources(project, ALIASED_BASE)
    assert [(d.path, d.code) for d in checked.diagnostics] == [("orders.py", "EVL101")]
    assert checked.diagnostics == lint_sources(project, ALIASED_BASE, precheck=False).diagnostics
