"""Re-exports under the name of a submodule resolve the way Python reads them.

A package whose `__init__.py` binds a name equal to one of its submodules
(`from .send_report import send_report`, `from .celery_app import app as
celery_app`) gives that binding to `package.name` and to `from package import
name`; so does a plain `import package.name`, because the package loaded that
submodule before rebinding the name (Python sets a submodule as its package's
attribute once, when it is first loaded). Where the package binds the name
from elsewhere, `import package.name` loads the submodule over it. Each case is
the shape real Django/Celery projects use.
"""

from __future__ import annotations

from markers import actual, expected
from projects import shop_config

from eventlint import lint_sources
from eventlint.api import project_of_sources
from eventlint.index.project import Project
from eventlint.model import Role

# A task in a module of its own name, re-exported by the package: `from .send_report import send_report`.
TASKS = {
    "proj/__init__.py": "",
    "proj/tasks/__init__.py": "from .send_report import send_report\nfrom .tasks import notify\n",
    "proj/tasks/send_report.py": (
        "from celery import shared_task\n\n\n@shared_task\ndef send_report(report_id: int) -> None:\n    pass\n"
    ),
    # the package `tasks` with a module `tasks` inside it: `from .tasks import notify`
    "proj/tasks/tasks.py": "from celery import shared_task\n\n\n@shared_task\ndef notify(user_id: int) -> None:\n    pass\n",
}

# The Celery app re-exported by the project package under its module's name.
CELERY_APP = {
    "proj/__init__.py": "from .celery_app import app as celery_app\n\n__all__ = ('celery_app',)\n",
    "proj/celery_app.py": "from celery import Celery\n\napp = Celery('proj')\napp.autodiscover_tasks()\n",
}

SEND_REPORT = "proj.tasks.send_report.send_report"


def _project(files: dict[str, str]) -> Project:
    return project_of_sources(files)


def _broker_lines(project: Project, path: str) -> set[int]:
    """The lines of `path` whose calls send to a broker."""
    return {
        site.step.span.line
        for site in project.calls.sites
        if site.source.display == path and Role.BROKER in site.roles
    }


def _lines(source: str, mark: str = "# sends") -> set[int]:
    return {number for number, line in enumerate(source.splitlines(), start=1) if mark in line}


def test_from_package_import_name_is_the_reexported_task() -> None:
    views = "from proj.tasks import notify, send_report\n\n\ndef view() -> None:\n    send_report.delay(1)  # sends\n    notify.delay(2)  # sends\n"
    project = _project({**TASKS, "proj/views.py": views})
    assert project.index.resolve("proj.views", "send_report.delay") == f"{SEND_REPORT}.delay"
    assert project.index.resolve("proj.views", "notify") == "proj.tasks.tasks.notify"
    assert _broker_lines(project, "proj/views.py") == _lines(views)


def test_attribute_of_the_package_is_the_reexported_task() -> None:
    views = (
        "import proj.tasks\n"
        "from proj import tasks\n\n\n"
        "def view() -> None:\n"
        "    proj.tasks.send_report.delay(1)  # sends\n"
        "    tasks.send_report.apply_async((1,))  # sends\n"
    )
    project = _project({**TASKS, "proj/views.py": views})
    assert project.index.resolve("proj.views", "proj.tasks.send_report") == SEND_REPORT
    assert project.index.resolve("proj.views", "tasks.send_report.delay") == f"{SEND_REPORT}.delay"
    assert _broker_lines(project, "proj/views.py") == _lines(views)


def test_import_of_the_submodule_leaves_the_reexported_task() -> None:
    views = (
        "import proj.tasks.send_report\n"
        "import proj.tasks.send_report as reports\n\n\n"
        "def view() -> None:\n"
        "    proj.tasks.send_report.delay(1)  # sends\n"
        "    reports.delay(1)  # sends\n"
    )
    project = _project({**TASKS, "proj/views.py": views})
    index = project.index
    assert index.resolve("proj.views", "proj.tasks.send_report") == SEND_REPORT
    assert index.resolve("proj.views", "reports") == SEND_REPORT
    assert _broker_lines(project, "proj/views.py") == _lines(views)


def test_import_of_a_submodule_the_package_does_not_load_names_the_module() -> None:
    files = {
        "proj/__init__.py": "",
        "proj/jobs/__init__.py": "from proj.other import mail as mailing\n\nmailing = mailing\n",
        "proj/jobs/mailing.py": "from celery import shared_task\n\n\n@shared_task\ndef send(user_id: int) -> None:\n    pass\n",
        "proj/other.py": "mail = None\n",
        "proj/views.py": "import proj.jobs.mailing\n\n\ndef view() -> None:\n    proj.jobs.mailing.send.delay(1)  # sends\n",
    }
    project = _project(files)
    assert project.index.resolve("proj.views", "proj.jobs.mailing") == "proj.jobs.mailing"
    assert _broker_lines(project, "proj/views.py") == _lines(files["proj/views.py"])


def test_imports_inside_a_function_read_the_same() -> None:
    views = (
        "def view() -> None:\n"
        "    from proj.tasks import send_report\n"
        "    import proj.tasks.send_report\n\n"
        "    send_report.delay(1)  # sends\n"
        "    proj.tasks.send_report.delay(2)  # sends\n"
    )
    project = _project({**TASKS, "proj/views.py": views})
    assert _broker_lines(project, "proj/views.py") == _lines(views)


def test_a_package_that_binds_nothing_under_the_name_gives_the_submodule() -> None:
    files = {
        "proj/__init__.py": "",
        "proj/mail/__init__.py": "from . import sending\n",
        "proj/mail/sending.py": "def send() -> None:\n    pass\n",
        "proj/mail/templates.py": "BODY = ''\n",
        "proj/views.py": "from proj import mail\nfrom proj.mail import templates\n",
    }
    index = _project(files).index
    assert index.resolve("proj.views", "mail.sending") == "proj.mail.sending"
    assert index.resolve("proj.views", "mail.sending.send") == "proj.mail.sending.send"
    assert index.resolve("proj.views", "templates.BODY") == "proj.mail.templates.BODY"


def test_celery_app_reexported_by_the_project_package_makes_tasks() -> None:
    tasks = (
        "import proj\n"
        "from proj import celery_app\n\n\n"
        "@celery_app.task\ndef send_invoice(invoice_id: int) -> None:\n    pass\n\n\n"
        "@proj.celery_app.task(bind=True)\ndef send_receipt(self, receipt_id: int) -> None:\n    pass\n\n\n"
        "def view() -> None:\n"
        "    send_invoice.delay(1)  # sends\n"
        "    send_receipt.apply_async((1,))  # sends\n"
        "    celery_app.send_task('proj.tasks.reindex')  # sends\n"
    )
    project = _project({**CELERY_APP, "proj/billing/__init__.py": "", "proj/billing/tasks.py": tasks})
    assert project.index.resolve("proj.billing.tasks", "celery_app.task") == "celery.Celery.task"
    assert project.index.resolve("proj.billing.tasks", "proj.celery_app.task") == "celery.Celery.task"
    assert _broker_lines(project, "proj/billing/tasks.py") == _lines(tasks)


def test_integration_event_sent_through_reexported_app_and_task_inside_atomic() -> None:
    files = {
        **CELERY_APP,
        "proj/contracts.py": (
            "class IntegrationEvent:\n    pass\n\n\nclass OrderPaidIntegrationEvent(IntegrationEvent):\n    pass\n"
        ),
        "proj/tasks/__init__.py": "from .publish_order_paid import publish_order_paid\n",
        "proj/tasks/publish_order_paid.py": (
            "from proj import celery_app\n\n\n@celery_app.task\ndef publish_order_paid(event: object) -> None:\n    pass\n"
        ),
        "proj/views.py": (
            "from django.db import transaction\n\n"
            "from proj.contracts import OrderPaidIntegrationEvent\n"
            "from proj.tasks import publish_order_paid\n\n\n"
            "def pay(order) -> None:\n"
            "    with transaction.atomic():\n"
            "        order.save()\n"
            "        publish_order_paid.delay(OrderPaidIntegrationEvent())  # expect: EVL302\n"
            "    publish_order_paid.delay(OrderPaidIntegrationEvent())\n"
        ),
    }
    result = lint_sources(files)
    assert not result.errors
    assert actual(result) == expected(files)


# An event class in a module of its own name, re-exported by its package.
EVENTS = {
    "shop/__init__.py": "",
    "shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "shop/ordering/__init__.py": "",
    "shop/ordering/events/__init__.py": "from .OrderStartedDomainEvent import OrderStartedDomainEvent\n",
    "shop/ordering/events/OrderStartedDomainEvent.py": (
        "from shop.seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent):\n    order_id: int\n"
    ),
    "shop/basket/__init__.py": "",
}


def test_domain_event_reexported_under_its_module_name_crosses_a_context() -> None:
    files = {
        **EVENTS,
        "shop/basket/handlers.py": (
            "import shop.ordering.events\n"
            "from shop.ordering import events\n"
            "from shop.ordering.events import OrderStartedDomainEvent  # expect: EVL201\n\n\n"
            "def on_started(event: OrderStartedDomainEvent) -> None:  # expect: EVL201\n"
            "    print(event)\n\n\n"
            "REACTS_TO = (events.OrderStartedDomainEvent, shop.ordering.events.OrderStartedDomainEvent)  # expect: EVL201, EVL201\n"
        ),
        "shop/ordering/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n",
    }
    result = lint_sources(files, shop_config("ordering", "basket"))
    assert not result.errors
    assert actual(result) == expected(files)


def test_domain_event_through_the_submodule_named_explicitly() -> None:
    files = {
        **EVENTS,
        "shop/basket/handlers.py": (
            "import shop.ordering.events.OrderStartedDomainEvent as started  # expect: EVL201\n\n\n"
            "def on_started(event: started) -> None:  # expect: EVL201\n"
            "    print(event)\n"
        ),
    }
    result = lint_sources(files, shop_config("ordering", "basket"))
    assert not result.errors
    assert actual(result) == expected(files)
    # `events/__init__.py` rebinds the name from inside the submodule: `started` is the class, as in Python.
    assert project_of_sources(files).index.resolve("shop.basket.handlers", "started") == (
        "shop.ordering.events.OrderStartedDomainEvent.OrderStartedDomainEvent"
    )
