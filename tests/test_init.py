"""`eventlint init`: a context map proposed from the code, checked against hand-written ones.

Run through the command line on the reference services (the proposal must agree with their
hand-written `eventlint.toml`) and on generated projects of each layout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import run, write

from eventlint.api import project_of_paths
from eventlint.checks.registry import codes_matching
from eventlint.config.loading import load_config, parse_config

EXAMPLES = Path(__file__).parent.parent / "examples"
HEADER = (
    "# Proposed by `eventlint init` from the code of this project: each value says what in the\n"
    "# code it rests on. Review it (the contexts above all), then run `eventlint check`.\n"
)
SEEDWORK = "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n"
STORE = {
    "store/__init__.py": "",
    "store/seedwork/__init__.py": "",
    "store/seedwork/events.py": SEEDWORK,
    "store/ordering/__init__.py": "",
    "store/ordering/domain.py": (
        "from store.seedwork.events import DomainEvent\n\n\n"
        "class OrderPlacedDomainEvent(DomainEvent): ...\n\n\n"
        "class OrderCancelledDomainEvent(DomainEvent): ...\n"
    ),
    "store/ordering/service.py": (
        "from store.contracts import OrderPlacedIntegrationEvent\n"
        "from store.ordering.domain import OrderPlacedDomainEvent\n\n\n"
        "class PlaceOrder:\n"
        "    def __init__(self, uow, mediator, event_bus):\n"
        "        self.uow, self.mediator, self.event_bus = uow, mediator, event_bus\n\n"
        "    def __call__(self, order_id):\n"
        "        self.mediator.publish(OrderPlacedDomainEvent())\n"
        "        self.uow.commit()\n"
        "        self.event_bus.publish(OrderPlacedIntegrationEvent())\n"
    ),
    "store/billing/__init__.py": "",
    "store/billing/handlers.py": (
        "from store.contracts import OrderPlacedIntegrationEvent\n"
        "from store.seedwork.events import DomainEvent\n\n\n"
        "class InvoiceIssuedDomainEvent(DomainEvent): ...\n\n\n"
        "def handle_order_placed(event: OrderPlacedIntegrationEvent) -> None: ...\n"
    ),
    "store/contracts/__init__.py": (
        "from store.seedwork.events import IntegrationEvent\n\n\n"
        "class OrderPlacedIntegrationEvent(IntegrationEvent): ...\n"
    ),
}
TESTS = {"tests/__init__.py": "", "tests/test_ordering.py": "from store.ordering.domain import OrderPlacedDomainEvent\n"}


def store_proposal(src: str, imports: int, tests: bool = True) -> str:
    """The proposal for the store project with its packages in `src` (and the `tests` beside it, left out)."""
    prefix = "" if src == "." else src + "/"
    proposal = HEADER + (
        "src = [\n"
        f'    "{src}",  # {imports} imports of the project\'s own modules from here: store\n'
        "]\n"
        "exclude = [\n"
        '    "tests/",  # test code: 2 files, such as tests/__init__.py\n'
        "]\n"
        "\n"
        "[events]\n"
        "domain-bases = [\n"
        '    "store.seedwork.events.DomainEvent",  # 3 classes derive from it: InvoiceIssuedDomainEvent, '
        "OrderPlacedDomainEvent, OrderCancelledDomainEvent\n"
        "]\n"
        "integration-bases = [\n"
        '    "store.seedwork.events.IntegrationEvent",  # 1 class derives from it: OrderPlacedIntegrationEvent\n'
        "]\n"
        "\n"
        "[contexts.billing]\n"
        'modules = ["store.billing"]  # holds 1 event, 1 handler\n'
        "\n"
        "[contexts.ordering]\n"
        'modules = ["store.ordering"]  # holds 2 events\n'
        "\n"
        "# Not proposed as contexts:\n"
        '#   "store.seedwork"  # shared code (`seedwork`): its events are bases for every context\n'
        "\n"
        "[context-map]\n"
        "published-language = [\n"
        '    "store.contracts",  # holds 1 integration event, outside every context\n'
        "]\n"
        "# The flows between contexts, upstream -> downstream, each with what shows it. Confirm them and\n"
        "# uncomment: then an integration event consumed with no declared relationship is reported (EVL401).\n"
        "# relationships = [\n"
        f'#     "ordering -> billing",  # consumes OrderPlacedIntegrationEvent ({prefix}store/billing/handlers.py:8)\n'
        "# ]\n"
        "\n"
        "[dispatch]  # the project's own calls; the built-in presets cover the libraries\n"
        "broker = [\n"
        '    "*.event_bus.publish",  # 1 call in 1 file, carrying OrderPlacedIntegrationEvent\n'
        "]\n"
        "local = [\n"
        '    "*.mediator.publish",  # 1 call in 1 file, carrying OrderPlacedDomainEvent\n'
        "]\n"
        "commit = [\n"
        '    "*.uow.commit",  # 1 call in 1 file\n'
        "]\n"
    )
    return proposal if tests else proposal.replace('exclude = [\n    "tests/",  # test code: 2 files, such as tests/__init__.py\n]\n', "")


def in_src(files: dict[str, str]) -> dict[str, str]:
    return {f"src/{path}": text for path, text in files.items()}


def test_src_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {**in_src(STORE), **TESTS})
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    assert out == store_proposal("src", 7)
    assert err == "eventlint: a first `eventlint check` with this configuration would report no findings (9 files)\n"


def test_flat_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {**STORE, **TESTS})
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0
    assert out == store_proposal(".", 7)


def test_several_top_packages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each top-level package holding events is a context; the shared one is none."""
    files = {path.removeprefix("store/"): text.replace("store.", "") for path, text in STORE.items() if path != "store/__init__.py"}
    write(tmp_path, in_src(files))
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [(c.name, c.modules) for c in config.contexts] == [("billing", ("billing",)), ("ordering", ("ordering",))]
    assert config.src == (tmp_path / "src",)
    assert config.domain_bases == ("seedwork.events.DomainEvent",)
    assert config.published_language == ("contracts",)
    assert '    "src",  # 6 imports of the project\'s own modules from here: seedwork, contracts, ordering\n' in out


def test_containers_are_looked_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`app.modules.<context>`: the contexts are the packages under `modules`; layers stay inside them."""
    files = {
        "app/__init__.py": "",
        "app/shared/events.py": "class Event: ...\n",
        "app/modules/__init__.py": "",
        "app/modules/accounts/__init__.py": "",
        "app/modules/accounts/domain/__init__.py": "",
        "app/modules/accounts/domain/events.py": (
            "from app.shared.events import Event\n\n\nclass AccountOpened(Event): ...\n\n\nclass AccountClosed(Event): ...\n"
        ),
        "app/modules/projects/__init__.py": "",
        "app/modules/projects/domain/__init__.py": "",
        "app/modules/projects/domain/events.py": "from app.shared.events import Event\n\n\nclass ProjectStarted(Event): ...\n",
    }
    write(tmp_path, files)
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [(c.name, c.modules) for c in config.contexts] == [
        ("accounts", ("app.modules.accounts",)),
        ("projects", ("app.modules.projects",)),
    ]
    assert config.domain_bases == ("app.shared.events.Event",)
    assert (
        '    "app.shared.events.Event",  # 3 classes derive from it: AccountOpened, AccountClosed, ProjectStarted; '
        "named as neither kind, and none of its events is seen leaving its context: taken as domain events\n"
    ) in out


def test_an_event_base_named_as_both_kinds_is_not_guessed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "shop/__init__.py": "",
        "shop/events.py": "class Event: ...\n",
        "shop/ordering/__init__.py": "",
        "shop/ordering/events.py": (
            "from shop.events import Event\n\n\n"
            "class OrderPlacedDomainEvent(Event): ...\n\n\n"
            "class OrderPaidIntegrationEvent(Event): ...\n"
        ),
    }
    write(tmp_path, files)
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0
    assert (
        "[events]\n"
        "# Undecided: add each under domain-bases or integration-bases, as the comment says.\n"
        '#   "shop.events.Event",  # 2 classes derive from it: OrderPlacedDomainEvent, OrderPaidIntegrationEvent; '
        "its subclasses are named as both kinds: split it into a domain and an integration base\n"
    ) in out
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert config.domain_bases == config.integration_bases == ()
    assert "EVL105  suffix-without-base" in err  # the first check says what is left to decide


def test_no_events_gives_a_minimal_proposal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"tool/__init__.py": "", "tool/main.py": "def main() -> None:\n    print('hello')\n"})
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0
    assert out == HEADER + (
        "# Nothing event-like was found: no class derives from a base named like an event\n"
        "# (DomainEvent, IntegrationEvent, *Event) and none is named *DomainEvent or *IntegrationEvent,\n"
        "# so there are no event bases or contexts to propose yet.\n"
        "src = [\n"
        '    ".",  # the top-level package tool\n'
        "]\n"
    )
    assert err == "eventlint: a first `eventlint check` with this configuration would report no findings (2 files)\n"


def test_write_creates_eventlint_toml_and_never_overwrites_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, in_src(STORE))
    code, out, err = run(capsys, "init", "--write", str(tmp_path))
    assert code == 0
    assert out == ""
    assert err.startswith(f"eventlint: wrote the proposal to {tmp_path / 'eventlint.toml'}\n")
    written = (tmp_path / "eventlint.toml").read_text(encoding="utf-8")
    assert written == store_proposal("src", 6, tests=False)
    assert run(capsys, "check", str(tmp_path))[0] == 0
    code, out, err = run(capsys, "init", "--write", str(tmp_path))
    assert code == 2
    assert err == f"eventlint: {tmp_path / 'eventlint.toml'} already holds a configuration; eventlint init never overwrites one\n"
    assert (tmp_path / "eventlint.toml").read_text(encoding="utf-8") == written


def test_pyproject_table_is_appended_to_an_existing_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = '[project]\nname = "store"\n'
    write(tmp_path, {**in_src(STORE), "pyproject.toml": pyproject})
    code, out, _ = run(capsys, "init", "--pyproject", str(tmp_path))
    assert code == 0
    assert out.startswith(HEADER + "[tool.eventlint]\nsrc = [\n")
    assert "\n[tool.eventlint.contexts.billing]\n" in out
    code, _, _ = run(capsys, "init", "--pyproject", "--write", str(tmp_path))
    assert code == 0
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == pyproject + "\n" + out
    assert not (tmp_path / "eventlint.toml").exists()
    config = load_config(tmp_path / "pyproject.toml", rule_codes=codes_matching)
    assert [c.name for c in config.contexts] == ["billing", "ordering"]
    code, _, err = run(capsys, "init", "--write", str(tmp_path))
    assert code == 2
    assert err == f"eventlint: {tmp_path / 'pyproject.toml'} already holds a [tool.eventlint] table; eventlint init never overwrites one\n"


def test_pyproject_write_needs_a_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, in_src(STORE))
    code, out, err = run(capsys, "init", "--pyproject", "--write", str(tmp_path))
    assert code == 2
    assert out == ""
    assert err == (
        f"eventlint: --pyproject: no {tmp_path / 'pyproject.toml'} to add [tool.eventlint] to "
        "(without --pyproject, init writes eventlint.toml)\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["src"]


def test_path_must_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", str(tmp_path / "missing"))
    assert code == 2
    assert err == f"eventlint: path '{tmp_path / 'missing'}' does not exist: give the project's root folder\n"


def test_reference_services_agree_with_their_hand_written_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The proposal for examples/shop: the same src, bases, contexts, published language and dispatch."""
    shutil.copytree(EXAMPLES / "shop" / "src", tmp_path / "src")
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    proposed = parse_config(out, root=tmp_path, source=tmp_path / "eventlint.toml", rule_codes=codes_matching)
    hand = load_config(EXAMPLES / "shop" / "eventlint.toml", rule_codes=codes_matching)
    index = project_of_paths(hand, cache=False, jobs=1).index
    assert proposed.src == (tmp_path / "src",)
    assert {index.canonical(b) for b in proposed.domain_bases} == {index.canonical(b) for b in hand.domain_bases}
    assert {index.canonical(b) for b in proposed.integration_bases} == {index.canonical(b) for b in hand.integration_bases}
    assert sorted((c.name, c.modules) for c in proposed.contexts) == sorted((c.name, c.modules) for c in hand.contexts)
    assert proposed.published_language == hand.published_language
    assert proposed.dispatch == hand.dispatch
    # No setup warning; what is left are the findings the hand map's shared kernel (ordering, payment) settles.
    assert err == (
        "eventlint: a first `eventlint check` with this configuration would report 8 findings (70 files):\n"
        "eventlint:     8  EVL201  domain-event-crosses-context\n"
    )


def test_a_configured_project_gets_the_proposal_printed_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "init", str(EXAMPLES / "shop"))
    assert code == 0
    assert out.startswith(HEADER)
    first = err.splitlines()[0]
    assert first.startswith("eventlint: note: ") and first.endswith(
        "eventlint.toml already holds a configuration; eventlint init never overwrites one: the proposal is only printed"
    )


def test_tests_migrations_fixtures_and_generated_code_are_proposed_as_exclude(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = {
        "conftest.py": "",
        "store/ordering/test_domain.py": "from store.ordering.domain import OrderPlacedDomainEvent\n",
        "store/ordering/migrations/__init__.py": "",
        "store/ordering/migrations/0001_initial.py": "operations = []\n",
        "store/billing/fixtures/invoices.py": "",
        "store/contracts/orders_pb2.py": "DESCRIPTOR = None\n",
    }
    write(tmp_path, {**STORE, **TESTS, **extra})
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    assert (
        "exclude = [\n"
        '    "tests/",  # test code: 2 files, such as tests/__init__.py\n'
        '    "migrations/",  # database migrations: 2 files, such as store/ordering/migrations/0001_initial.py\n'
        '    "fixtures/",  # test fixtures: 1 file, such as store/billing/fixtures/invoices.py\n'
        '    "test_*.py",  # test modules: 1 file, such as store/ordering/test_domain.py\n'
        "    \"conftest.py\",  # pytest's fixtures: 1 file, such as conftest.py\n"
        '    "*_pb2.py",  # generated protocol buffers: 1 file, such as store/contracts/orders_pb2.py\n'
        "]\n"
    ) in out
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)  # loads as it is
    assert config.exclude[-6:] == ("tests/", "migrations/", "fixtures/", "test_*.py", "conftest.py", "*_pb2.py")
    assert err == "eventlint: a first `eventlint check` with this configuration would report no findings (9 files)\n"


def test_a_tree_without_such_code_gets_no_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, STORE)
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0
    assert "exclude" not in out


def test_a_context_named_testing_is_neither_test_code_nor_excluded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`contexts/testing`: the bounded context of test sessions; a `testing` folder elsewhere is test helpers."""
    files = {
        "app/__init__.py": "",
        "app/seedwork.py": "class DomainEvent: ...\n",
        "app/contexts/__init__.py": "",
        "app/contexts/testing/__init__.py": "",
        "app/contexts/testing/domain/__init__.py": "",
        "app/contexts/testing/domain/events.py": (
            "from app.seedwork import DomainEvent\n\n\nclass SessionStartedDomainEvent(DomainEvent): ...\n"
        ),
        "app/contexts/billing/__init__.py": "",
        "app/contexts/billing/events.py": "from app.seedwork import DomainEvent\n\n\nclass InvoiceSentDomainEvent(DomainEvent): ...\n",
        "app/django_tests.py": "",
        "app/billing_app/tests.py": "",
    }
    write(tmp_path, files)
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [(c.name, c.modules) for c in config.contexts] == [
        ("billing", ("app.contexts.billing",)),
        ("testing", ("app.contexts.testing",)),
    ]
    assert '"testing/"' not in out
    assert '    "tests.py",  # test modules: 1 file, such as app/billing_app/tests.py\n' in out


def test_handlers_alone_beside_a_contexts_folder_make_no_context(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`app/orchestration` reacting to the contexts' events, beside `app/contexts/*`: coordination, said so."""
    files = {
        "app/__init__.py": "",
        "app/seedwork.py": "class DomainEvent: ...\n",
        "app/contexts/__init__.py": "",
        "app/contexts/debate/__init__.py": "",
        "app/contexts/debate/events.py": "from app.seedwork import DomainEvent\n\n\nclass DebateEndedDomainEvent(DomainEvent): ...\n",
        "app/contexts/billing/__init__.py": "",
        "app/contexts/billing/events.py": "from app.seedwork import DomainEvent\n\n\nclass InvoiceSentDomainEvent(DomainEvent): ...\n",
        "app/orchestration/__init__.py": "",
        "app/orchestration/flow.py": (
            "from app.contexts.debate.events import DebateEndedDomainEvent\n\n\n"
            "def on_debate_ended(event: DebateEndedDomainEvent) -> None: ...\n"
        ),
    }
    write(tmp_path, files)
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [c.name for c in config.contexts] == ["billing", "debate"]
    assert (
        '#   "app.orchestration"  # holds 1 handler only, beside the project\'s own `contexts` folder: code coordinating '
        "the contexts, not one of them (list it as a context if it is one)\n"
    ) in out
    assert "EVL201" not in err
