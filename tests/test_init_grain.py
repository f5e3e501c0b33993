"""`eventlint init` at the grain of the system: deployable services, consumer-only contexts, shared code.

Each project is proposed through the command line, written with `--write`, loaded
through the real loader and checked: the findings are those a hand-written map gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import findings, run, write

from eventlint.checks.registry import codes_matching
from eventlint.config.loading import load_config, parse_config

LIBS = {
    "libs/__init__.py": "",
    "libs/events.py": "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n",
    "libs/bus.py": "class Bus:\n    def subscribe(self, event):\n        return lambda handler: handler\n\n\nevent_bus = Bus()\n",
}
APP = "from fastapi import FastAPI\n\nfrom {name}.api import router\n\napp = FastAPI()\napp.include_router(router)\n"
ORDERS = {
    "services/orders/Dockerfile": "FROM python:3.12\n",
    "services/orders/pyproject.toml": '[project]\nname = "orders"\n',
    "services/orders/main.py": APP.format(name="orders"),
    "services/orders/orders/__init__.py": "",
    "services/orders/orders/api.py": "from orders.domain import OrderPlacedDomainEvent\n\nrouter = None\n",
    "services/orders/orders/domain.py": (
        "from libs.events import DomainEvent, IntegrationEvent\n\n\n"
        "class OrderPlacedDomainEvent(DomainEvent): ...\n\n\n"
        "class OrderPaidDomainEvent(DomainEvent): ...\n\n\n"
        "class OrderShippedIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "class OrderAggregate: ...\n"
    ),
    "services/orders/orders/handlers.py": (
        "from orders.domain import OrderPaidDomainEvent\n\n\ndef handle_order_paid(event: OrderPaidDomainEvent) -> None: ...\n"
    ),
}
BILLING = {
    "services/billing/Dockerfile": "FROM python:3.12\n",
    "services/billing/main.py": APP.format(name="billing"),
    "services/billing/billing/__init__.py": "",
    "services/billing/billing/api.py": "router = None\n",
    "services/billing/billing/invoices.py": "from libs.events import DomainEvent\n\n\nclass InvoiceIssuedDomainEvent(DomainEvent): ...\n",
    "services/billing/billing/handlers.py": (
        "from billing.invoices import InvoiceIssuedDomainEvent\n"
        "from orders.domain import OrderPlacedDomainEvent\n\n\n"
        "def handle_order_placed(event: OrderPlacedDomainEvent) -> None: ...\n\n\n"
        "def handle_invoice_issued(event: InvoiceIssuedDomainEvent) -> None: ...\n"
    ),
}
# Services that hold no event: each takes one in its own way.
NOTIFICATIONS = {  # a handler registered by the project's own decorator
    "services/notifications/Dockerfile": "FROM python:3.12\n",
    "services/notifications/notifications/__init__.py": "",
    "services/notifications/notifications/mail.py": (
        "from libs.bus import event_bus\n"
        "from orders.domain import OrderShippedIntegrationEvent\n\n\n"
        "@event_bus.subscribe(OrderShippedIntegrationEvent)\n"
        "def send_mail(event) -> None: ...\n"
    ),
}
AUDIT = {  # a subscriber map
    "services/audit/Dockerfile": "FROM python:3.12\n",
    "services/audit/audit/__init__.py": "",
    "services/audit/audit/wiring.py": (
        "from orders.domain import OrderShippedIntegrationEvent\n\n\n"
        "def record(event) -> None: ...\n\n\n"
        "HANDLERS = {OrderShippedIntegrationEvent: [record]}\n"
    ),
}
SHIPPING = {  # a broker consumer, in a module named so
    "services/shipping/Dockerfile": "FROM python:3.12\n",
    "services/shipping/shipping/__init__.py": "",
    "services/shipping/shipping/consumer.py": (
        "from orders.domain import OrderShippedIntegrationEvent\n\n\n"
        "async def run(consumer) -> None:\n"
        "    async for message in consumer:\n"
        "        print(OrderShippedIntegrationEvent(**message.value))\n"
    ),
}


def proposed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The proposal printed by `eventlint init`, also written by `--write`; it loads without a problem."""
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    assert "warning" not in err
    code, _, err = run(capsys, "init", "--write", str(tmp_path))
    assert code == 0, err
    load_config(tmp_path / "eventlint.toml", rule_codes=codes_matching)
    return out


def test_services_beside_each_other_are_contexts_with_their_own_import_roots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two deployable services sharing one events module: two contexts, each service folder an import root."""
    write(tmp_path, {**LIBS, **ORDERS, **BILLING})
    out = proposed(tmp_path, capsys)
    assert out.split("\n[events]")[0].endswith(
        "src = [\n"
        '    "services/billing",  # 2 imports of the project\'s own modules from here: billing\n'
        '    "services/orders",  # 4 imports of the project\'s own modules from here: orders\n'
        '    ".",  # 2 imports of the project\'s own modules from here: libs\n'
        "]\n"
        "exclude = [\n"
        '    "services/billing/main.py",  # module `main`, as services/orders/main.py is too, each from its own '
        "import root; runs its service\n"
        '    "services/orders/main.py",  # module `main`, as services/billing/main.py is too, each from its own '
        "import root; runs its service\n"
        "]\n"
    )
    assert (
        "[contexts.billing]\n"
        'modules = ["billing"]  # services/billing: Dockerfile, main.py; holds 1 event, 2 handlers\n'
        "\n"
        "[contexts.orders]\n"
        'modules = ["orders"]  # services/orders: Dockerfile, main.py, pyproject.toml; holds 3 events, 1 aggregate, 1 handler\n'
        "\n"
        "# Not proposed as contexts:\n"
        '#   "libs"  # shared code (`libs`): its events are bases for every context\n'
    ) in out
    config = load_config(tmp_path / "eventlint.toml", rule_codes=codes_matching)
    assert config.src == (tmp_path / "services/billing", tmp_path / "services/orders", tmp_path)
    # The domain event of orders, imported and handled by billing, crosses contexts; nothing else is reported.
    handlers = str(tmp_path / "services/billing/billing/handlers.py")
    assert findings(capsys, str(tmp_path)) == {("EVL201", handlers, 2, 27), ("EVL201", handlers, 5, 32)}
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert "warning" not in err


def test_a_repository_of_one_deployable_package_is_read_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A deployable folder with no deployable sibling holding events is no service grain: its packages are read."""
    files = {
        **LIBS,
        **{path.replace("services/orders/orders/", "services/orders/shop/ordering/"): text for path, text in ORDERS.items()},
        "services/orders/shop/__init__.py": "",
        "services/orders/shop/billing/__init__.py": "",
        "services/orders/shop/billing/invoices.py": BILLING["services/billing/billing/invoices.py"],
        "services/frontend/Dockerfile": "FROM node:20\n",
        "services/frontend/build.py": "print('static files')\n",
    }
    files = {path: text.replace("from orders.", "from shop.ordering.") for path, text in files.items()}
    write(tmp_path, files)
    out = proposed(tmp_path, capsys)
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert config.src == (tmp_path / "services/orders", tmp_path)
    assert [(c.name, c.modules) for c in config.contexts] == [("billing", ("shop.billing",)), ("ordering", ("shop.ordering",))]


def test_consumer_only_services_are_contexts_and_their_decorators_subscribers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Services that define no event but take one in (decorator, subscriber map, consumer module) are contexts."""
    write(tmp_path, {**LIBS, **ORDERS, **BILLING, **NOTIFICATIONS, **AUDIT, **SHIPPING})
    out = proposed(tmp_path, capsys)
    config = load_config(tmp_path / "eventlint.toml", rule_codes=codes_matching)
    assert [(c.name, c.modules) for c in config.contexts] == [
        ("audit", ("services.audit",)),
        ("billing", ("billing",)),
        ("notifications", ("services.notifications",)),
        ("orders", ("orders",)),
        ("shipping", ("services.shipping",)),
    ]
    assert 'modules = ["services.audit"]  # services/audit: Dockerfile; holds 1 handler\n' in out
    assert 'modules = ["services.notifications"]  # services/notifications: Dockerfile; holds 1 handler\n' in out
    assert 'modules = ["services.shipping"]  # services/shipping: Dockerfile; holds 1 handler\n' in out
    assert ('subscriber = [\n    "*.event_bus.subscribe",  # 1 handler registered, for OrderShippedIntegrationEvent\n]\n') in out
    assert config.dispatch.subscriber == ("*.event_bus.subscribe",)
    handlers = str(tmp_path / "services/billing/billing/handlers.py")
    assert findings(capsys, str(tmp_path)) == {("EVL201", handlers, 2, 27), ("EVL201", handlers, 5, 32)}


def test_services_whose_packages_share_a_name_are_named_from_the_project_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two services each importing their own `app`: no import root can hold both, so neither is proposed."""
    files = {}
    for name, events in (("orders", "OrderPlaced"), ("billing", "InvoiceIssued")):
        files[f"services/{name}/Dockerfile"] = "FROM python:3.12\n"
        files[f"services/{name}/app/__init__.py"] = ""
        files[f"services/{name}/app/domain.py"] = (
            f"from libs.events import DomainEvent\n\n\nclass {events}DomainEvent(DomainEvent): ...\n"
        )
        files[f"services/{name}/app/service.py"] = f"from app.domain import {events}DomainEvent\n"
    write(tmp_path, {**LIBS, **files})
    out = proposed(tmp_path, capsys)
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert config.src == (tmp_path,)
    assert [(c.name, c.modules) for c in config.contexts] == [
        ("billing", ("services.billing",)),
        ("orders", ("services.orders",)),
    ]
    assert findings(capsys, str(tmp_path)) == set()


@pytest.mark.parametrize("shared", ["seedwork", "shared_kernel", "common", "building_blocks"])
def test_shared_code_is_named_and_left_out_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: str
) -> None:
    files = {
        "shop/__init__.py": "",
        f"shop/{shared}/__init__.py": "",
        f"shop/{shared}/events.py": "class DomainEvent: ...\n",
        f"shop/{shared}/money.py": (
            f"from shop.{shared}.events import DomainEvent\n\n\nclass CurrencyChangedDomainEvent(DomainEvent): ...\n"
        ),
    }
    for context, event in (("ordering", "OrderPlaced"), ("catalog", "ProductAdded")):
        files[f"shop/{context}/__init__.py"] = ""
        files[f"shop/{context}/events.py"] = (
            f"from shop.{shared}.events import DomainEvent\n\n\nclass {event}DomainEvent(DomainEvent): ...\n"
        )
    write(tmp_path, files)
    out = proposed(tmp_path, capsys)
    assert (
        "# Not proposed as contexts:\n"
        f'#   "shop.{shared}"  # shared code (`{shared}`): its events are bases for every context; holds 1 event\n'
    ) in out
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [c.name for c in config.contexts] == ["catalog", "ordering"]


def test_shared_code_holding_only_events_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "base.py": "class DomainEvent: ...\n",
        "common/__init__.py": "",
        "common/events.py": "from base import DomainEvent\n\n\nclass ClockTickedDomainEvent(DomainEvent): ...\n",
        "ordering/__init__.py": "",
        "ordering/events.py": "from base import DomainEvent\n\n\nclass OrderPlacedDomainEvent(DomainEvent): ...\n",
        "catalog/__init__.py": "",
        "catalog/events.py": "from base import DomainEvent\n\n\nclass ProductAddedDomainEvent(DomainEvent): ...\n",
    }
    write(tmp_path, files)
    out = proposed(tmp_path, capsys)
    assert '#   "common"  # shared code (`common`): what it holds serves every context, not one; holds 1 event\n' in out


def test_django_services_are_told_by_manage_py_and_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each Django service beside the other: its own `manage.py` and `settings`, its own context and import root;
    the modules every service has (`manage`, `service.settings`) are excluded, each named."""
    files = {"libs/__init__.py": "", "libs/events.py": LIBS["libs/events.py"]}
    for name, event in (("customer", "CustomerRegistered"), ("points", "PointsAwarded")):
        service = f"{name}-service"
        files[f"{service}/manage.py"] = "import os\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'service.settings')\n"
        files[f"{service}/service/__init__.py"] = ""
        files[f"{service}/service/settings.py"] = f"INSTALLED_APPS = ['{name}']\n"
        files[f"{service}/{name}/__init__.py"] = ""
        files[f"{service}/{name}/models.py"] = (
            f"from libs.events import DomainEvent\n\n\nclass {event}DomainEvent(DomainEvent): ...\n\n\n"
            f"class {name.title()}UpdatedDomainEvent(DomainEvent): ...\n"
        )
        files[f"{service}/{name}/views.py"] = f"from {name}.models import {event}DomainEvent\n"
        files[f"{service}/{name}/signals.py"] = (  # handled where it is raised: a domain event
            f"from {name}.models import {name.title()}UpdatedDomainEvent\n\n\n"
            f"def handle_updated(event: {name.title()}UpdatedDomainEvent) -> None: ...\n"
        )
    files["points-service/points/handlers.py"] = (
        "from customer.models import CustomerRegisteredDomainEvent\n\n\n"
        "def handle_customer_registered(event: CustomerRegisteredDomainEvent) -> None: ...\n"
    )
    write(tmp_path, files)
    out = proposed(tmp_path, capsys)
    config = load_config(tmp_path / "eventlint.toml", rule_codes=codes_matching)
    assert config.src == (tmp_path / "customer-service", tmp_path / "points-service", tmp_path)
    assert [(c.name, c.modules) for c in config.contexts] == [("customer", ("customer",)), ("points", ("points",))]
    assert 'modules = ["customer"]  # customer-service: manage.py, service/settings.py; holds 2 events, 1 handler\n' in out
    assert config.exclude[-6:] == (
        "customer-service/manage.py",
        "points-service/manage.py",
        "customer-service/service/__init__.py",
        "points-service/service/__init__.py",
        "customer-service/service/settings.py",
        "points-service/service/settings.py",
    )
    assert (
        '    "customer-service/service/__init__.py",  # module `service`, as points-service/service/__init__.py is too, '
        "each from its own import root; an empty package marker\n"
    ) in out
    assert (
        '    "points-service/service/settings.py",  # module `service.settings`, as customer-service/service/settings.py '
        "is too, each from its own import root; configures its service\n"
    ) in out
    handlers = str(tmp_path / "points-service/points/handlers.py")
    assert findings(capsys, str(tmp_path)) == {("EVL201", handlers, 1, 29), ("EVL201", handlers, 4, 39)}
    assert "warning" not in run(capsys, "check", str(tmp_path))[2]


def test_deployables_named_for_their_process_are_no_services(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`api` and `worker`, each with a Dockerfile, run one system's code two ways: the contexts are its packages."""
    files = {
        **LIBS,
        "shop/__init__.py": "",
        "shop/ordering/__init__.py": "",
        "shop/ordering/events.py": "from libs.events import DomainEvent\n\n\nclass OrderPlacedDomainEvent(DomainEvent): ...\n",
        "shop/billing/__init__.py": "",
        "shop/billing/events.py": "from libs.events import DomainEvent\n\n\nclass InvoiceIssuedDomainEvent(DomainEvent): ...\n",
        "api/main.py": (
            "from fastapi import FastAPI\n\nfrom shop.ordering.events import OrderPlacedDomainEvent\n\napp = FastAPI()\n\n\n"
            "def on_order_placed(event: OrderPlacedDomainEvent) -> None: ...\n"
        ),
        "worker/main.py": (
            "from shop.ordering.events import OrderPlacedDomainEvent\n\n\n"
            "def handle_order_placed(event: OrderPlacedDomainEvent) -> None: ...\n\n\n"
            "if __name__ == '__main__':\n    print('consuming')\n"
        ),
    }
    write(tmp_path, files)
    without = run(capsys, "init", str(tmp_path))[1]
    write(tmp_path, {"api/Dockerfile": "FROM python:3.12\n", "worker/Dockerfile": "FROM python:3.12\n"})
    out = proposed(tmp_path, capsys)
    assert out == without
    assert "services" not in out and "Dockerfile" not in out


def test_glue_importing_domain_events_in_a_consumer_module_is_no_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module named as a handler importing another context's domain events, with no handler the index knows,
    is in-process glue (webhooks reacting to them): no context of its own, so no finding for it."""
    files = {
        "shop/__init__.py": "",
        "shop/seedwork.py": "class DomainEvent: ...\n",
        "shop/ordering/__init__.py": "",
        "shop/ordering/events.py": "from shop.seedwork import DomainEvent\n\n\nclass OrderPlacedDomainEvent(DomainEvent): ...\n",
        "shop/billing/__init__.py": "",
        "shop/billing/events.py": "from shop.seedwork import DomainEvent\n\n\nclass InvoiceIssuedDomainEvent(DomainEvent): ...\n",
        "shop/webhooks/__init__.py": "",
        "shop/webhooks/event_handler.py": (
            "from shop.ordering.events import OrderPlacedDomainEvent\n\n\n"
            "class WebhookEventHandler:\n"
            "    def start(self, bus) -> None:\n"
            "        for event_type, handler in {OrderPlacedDomainEvent: self._send}.items():\n"
            "            bus.subscribe(event_type, handler)\n\n"
            "    def _send(self, event) -> None: ...\n"
        ),
    }
    write(tmp_path, files)
    out = proposed(tmp_path, capsys)
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [c.name for c in config.contexts] == ["billing", "ordering"]
    assert findings(capsys, str(tmp_path)) == set()


def test_entry_points_beside_each_other_make_the_packages_they_run_contexts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`services/<name>-service/main.py` each run one package of a shared tree (`src.services.<name>`): those
    packages are the contexts, not the tree holding them, and the events they send each other cross a broker."""
    files = {
        "src/__init__.py": "",
        "src/shared/__init__.py": "",
        "src/shared/events.py": (
            "class DomainEvent: ...\n\n\nclass UserCreatedEvent(DomainEvent): ...\n\n\nclass TaskDoneEvent(DomainEvent): ...\n"
        ),
        "src/shared/kafka.py": (
            "from aiokafka import AIOKafkaProducer\n\n\n"
            "class Publisher:\n"
            "    def __init__(self) -> None:\n        self.producer = AIOKafkaProducer()\n\n"
            "    async def publish(self, event) -> None:\n        await self.producer.send_and_wait('events', event)\n"
        ),
        "src/services/__init__.py": "",
        "src/services/notification/__init__.py": "",
        "src/services/notification/handlers.py": (
            "from src.shared.events import TaskDoneEvent, UserCreatedEvent\n\n\n"
            "def handle_user_created(event: UserCreatedEvent) -> None: ...\n\n\n"
            "def handle_task_done(event: TaskDoneEvent) -> None: ...\n"
        ),
    }
    for name, event in (("user", "UserCreatedEvent"), ("task", "TaskDoneEvent")):
        files[f"src/services/{name}/__init__.py"] = ""
        files[f"src/services/{name}/commands.py"] = (
            f"from src.shared.events import {event}\nfrom src.shared.kafka import Publisher\n\n\n"
            f"async def run(publisher: Publisher) -> None:\n    await publisher.publish({event}())\n"
        )
    for name in ("user", "task", "notification"):
        module = "handlers" if name == "notification" else "commands"
        files[f"services/{name}-service/main.py"] = (
            f"from fastapi import FastAPI\n\nfrom src.services.{name} import {module}\n\napp = FastAPI()\n"
        )
    write(tmp_path, files)
    out = proposed(tmp_path, capsys)
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    assert [(c.name, c.modules) for c in config.contexts] == [
        ("notification", ("src.services.notification",)),
        ("task", ("src.services.task",)),
        ("user", ("src.services.user",)),
    ]
    assert (
        'modules = ["src.services.user"]  # services/user-service: main.py, running src.services.user; '
        "it holds no event, aggregate or handler of its own\n"
    ) in out
    assert config.integration_bases == ("src.shared.events.DomainEvent",)


def service_with(name: str, event: str) -> dict[str, str]:
    """A service that is an import root of its own, with packages every such service has (`adapters`)."""
    root = f"service-{name}"
    return {
        f"{root}/pyproject.toml": f'[project]\nname = "{name}"\n',
        f"{root}/src/{name}/__init__.py": "",
        f"{root}/src/{name}/events.py": f"class DomainEvent: ...\n\n\nclass {event}DomainEvent(DomainEvent): ...\n",
        f"{root}/src/adapters/__init__.py": "",
        f"{root}/src/adapters/publisher.py": (
            f"from {name}.events import {event}DomainEvent\n\n\n"
            f"def publish(mediator) -> None:\n    mediator.publish({event}DomainEvent())\n"
        ),
    }


def test_services_naming_their_modules_alike_get_a_configuration_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`adapters.publisher` in both services: one configuration would read one of them only."""
    write(tmp_path, {**service_with("orders", "OrderPlaced"), **service_with("customers", "CustomerCreated")})
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0
    assert "#   service-orders/eventlint.toml: its modules `adapters` are another service's names too\n" in out
    assert "each need a configuration of their own; `eventlint init --write` writes them too" in err
    code, out, err = run(capsys, "init", "--write", str(tmp_path))
    assert code == 0, err
    assert "warning" not in err
    for service in ("service-orders", "service-customers"):
        config = load_config(tmp_path / service / "eventlint.toml", rule_codes=codes_matching)
        assert config.src == ((tmp_path / service / "src").resolve(),)
    code, report, err = run(capsys, "check", str(tmp_path))
    assert code == 0 and "warning" not in err and "are both module" not in err
    # Both services' code is judged, each under its own configuration: a misnamed event shows in either.
    for service, name in (("service-orders", "orders"), ("service-customers", "customers")):
        events = tmp_path / service / "src" / name / "events.py"
        original = events.read_text()
        events.write_text(original + "\n\nclass Renamed(DomainEvent): ...\n")
        code, report, _ = run(capsys, "check", str(tmp_path))
        assert f"{service}/src/{name}/events.py" in report and "EVL101" in report
        events.write_text(original)


def test_services_naming_their_modules_alike_are_configured_apart_with_no_event_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {}
    for name in ("movies", "users"):
        files.update(
            {
                f"{name}/Dockerfile": "FROM python:3.12\n",
                f"{name}/tasks/__init__.py": "",
                f"{name}/tasks/jobs.py": f"def refresh_{name}() -> None: ...\n",
                f"{name}/main.py": f"from tasks.jobs import refresh_{name}\n\napp = None\n",
            }
        )
    write(tmp_path, files)
    code, out, err = run(capsys, "init", "--write", str(tmp_path))
    assert code == 0, err
    assert "warning" not in err
    assert (tmp_path / "movies" / "eventlint.toml").is_file() and (tmp_path / "users" / "eventlint.toml").is_file()
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 0 and "are both module" not in err
