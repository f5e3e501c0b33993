"""Properties over generated code: never crash, same findings alone as in the whole run, warm as cold."""

from __future__ import annotations

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventlint.api
from eventlint import lint_sources
from eventlint.extractor import extract
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


CONFIG = """
[events]
domain-bases = ["shop.seedwork.DomainEvent"]
integration-bases = ["shop.seedwork.IntegrationEvent"]
[contexts.ordering]
modules = ["shop.ordering"]
[contexts.basket]
modules = ["shop.basket"]
[context-map]
published-language = ["shop.contracts"]
[dispatch]
broker = ["*.event_bus.publish"]
local = ["*.mediator.publish"]
outbox = ["*.outbox.add"]
commit = ["*.uow.commit"]
"""

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
def test_warm_run_equals_cold_run(project: dict[str, str]) -> None:
    cold = lint_sources(project, CONFIG)
    warm = lint_sources(project, CONFIG)
    assert cold == warm


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


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
