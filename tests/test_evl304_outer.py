"""EVL304 where the transaction is opened outside the sending function: callers, Django requests, model signals."""

from __future__ import annotations

from projects import assert_fires_as_marked

from eventlint import lint_sources

TASKS = {
    "shop/__init__.py": "",
    "shop/tasks.py": """\
from celery import shared_task


@shared_task
def notify(order_id: int) -> None:
    pass
""",
}

SETTINGS_ATOMIC = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "ATOMIC_REQUESTS": True}}\n'


def check(files: dict[str, str], config: str = "") -> None:
    """The findings marked, and the same with every file parsed: the pre-check reads what they need."""
    project = {**TASKS, **files}
    assert_fires_as_marked(project, config)
    assert lint_sources(project, config, precheck=False).diagnostics == lint_sources(project, config).diagnostics


def findings(files: dict[str, str]) -> list[tuple[str, int, str, tuple[str, ...]]]:
    result = lint_sources({**TASKS, **files})
    assert not result.errors, result.errors[0].details
    return [
        (d.path, d.line, d.message, tuple(f"{r.path}:{r.span.line}: {r.message}" for r in d.related))
        for d in result.diagnostics
        if d.code == "EVL304"
    ]


SERVICES = """\
from shop.tasks import notify


def announce(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304


def record(order_id: int) -> None:
    announce(order_id)
"""


# -- callers ------------------------------------------------------------------------------


def test_a_send_two_calls_below_a_with_atomic_in_another_module() -> None:
    check(
        {
            "shop/services.py": SERVICES,
            "shop/views.py": """\
from django.db import transaction

from shop.services import record


def place(order_id: int) -> None:
    with transaction.atomic():
        record(order_id)
""",
        }
    )


def test_the_finding_names_the_transaction_and_each_call_leading_to_it() -> None:
    views = (
        "from django.db import transaction\n\nfrom shop.services import record\n\n\n"
        "def place(order_id: int) -> None:\n    with transaction.atomic():\n        record(order_id)\n"
    )
    [(path, line, message, related)] = findings({"shop/services.py": SERVICES, "shop/views.py": views})
    assert (path, line) == ("shop/services.py", 5)
    assert "inside the transaction of `shop.views.place`, 2 calls up" in message
    assert related == (
        "shop/views.py:7: the transaction is opened here, by `transaction.atomic()`",
        "shop/views.py:8: `shop.views.place` calls it here",
        "shop/services.py:9: `shop.services.record` calls it here",
    )


def test_a_caller_decorated_with_atomic_and_a_method_called_through_self() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction

from shop.tasks import notify


class Checkout:
    @transaction.atomic
    def place(self, order_id: int) -> None:
        self._confirm(order_id)

    def _confirm(self, order_id: int) -> None:
        notify.delay(order_id)  # expect: EVL304
""",
        }
    )


def test_the_message_says_which_caller_opens_the_transaction() -> None:
    services = (
        "from django.db import transaction\n\nfrom shop.tasks import notify\n\n\n"
        "@transaction.atomic\ndef place(order_id: int) -> None:\n    confirm(order_id)\n\n\n"
        "def confirm(order_id: int) -> None:\n    notify.delay(order_id)\n"
    )
    [(_, line, message, related)] = findings({"shop/services.py": services})
    assert line == 12
    assert "inside the transaction its caller `shop.services.place` opens" in message
    assert related[0] == "shop/services.py:7: the transaction is opened here, by `@transaction.atomic`"


def test_callers_that_defer_the_call_carry_no_transaction() -> None:
    check(
        {
            "shop/services.py": SERVICES.replace("  # expect: EVL304", ""),
            "shop/views.py": """\
from functools import partial

from django.db import transaction

from shop.services import announce, record


def place(order_id: int) -> None:
    with transaction.atomic():
        transaction.on_commit(lambda: record(order_id))
        transaction.on_commit(partial(announce, order_id))


def later(order_id: int) -> None:
    with transaction.atomic():
        pass
    record(order_id)


def confirmed(order_id: int) -> None:
    def send() -> None:
        announce(order_id)

    with transaction.atomic():
        transaction.on_commit(send)
""",
        }
    )


def test_the_transaction_is_followed_three_calls_down_and_no_further() -> None:
    check(
        {
            "shop/chain.py": """\
from django.db import transaction

from shop.tasks import notify


def place(order_id: int) -> None:
    with transaction.atomic():
        first(order_id)


def first(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
    second(order_id)


def second(order_id: int) -> None:
    third(order_id)


def third(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
    fourth(order_id)


def fourth(order_id: int) -> None:
    notify.delay(order_id)
""",
        }
    )


def test_recursion_ends() -> None:
    check(
        {
            "shop/loop.py": """\
from django.db import transaction

from shop.tasks import notify


def place(order_id: int) -> None:
    with transaction.atomic():
        ping(order_id)


def ping(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
    pong(order_id)


def pong(order_id: int) -> None:
    ping(order_id)
""",
        }
    )


def test_a_test_wrapping_code_in_a_transaction_is_no_caller() -> None:
    check(
        {
            "shop/services.py": SERVICES.replace("  # expect: EVL304", ""),
            "tests/test_services.py": """\
from django.db import transaction

from shop.services import record


def test_record() -> None:
    with transaction.atomic():
        record(1)
""",
        }
    )


def test_a_send_its_own_transaction_already_reports_is_reported_once() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction

from shop.tasks import notify


def place(order_id: int) -> None:
    with transaction.atomic():
        confirm(order_id)


def confirm(order_id: int) -> None:
    with transaction.atomic():
        notify.delay(order_id)  # expect: EVL304
""",
        }
    )
    [(_, _, message, _)] = findings(
        {
            "shop/services.py": "from django.db import transaction\n\nfrom shop.tasks import notify\n\n\n"
            "def place(order_id: int) -> None:\n    with transaction.atomic():\n        confirm(order_id)\n\n\n"
            "def confirm(order_id: int) -> None:\n    with transaction.atomic():\n        notify.delay(order_id)\n"
        }
    )
    assert "inside a transaction:" in message


def test_a_send_after_an_inner_block_is_still_in_the_callers_transaction() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction

from shop.tasks import notify


@transaction.atomic
def place(order_id: int) -> None:
    confirm(order_id)


def confirm(order_id: int) -> None:
    with transaction.atomic():
        pass
    notify.delay(order_id)  # expect: EVL304
""",
        }
    )


def test_an_unresolved_callee_carries_nothing() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction


def place(handler, order_id: int) -> None:
    with transaction.atomic():
        handler(order_id)
        handler.run(order_id)
""",
        }
    )


# -- ATOMIC_REQUESTS -------------------------------------------------------------------------

VIEWS = """\
from django.db import transaction
from django.views import View

from shop.services import record
from shop.tasks import notify


def place(request, order_id: int):
    notify.delay(order_id)  # expect: EVL304
    record(order_id)


@transaction.non_atomic_requests
def bulk(request, order_id: int):
    notify.delay(order_id)


def unrouted(request, order_id: int):
    notify.delay(order_id)


class Orders(View):
    def post(self, request, order_id: int):
        notify.delay(order_id)  # expect: EVL304
"""

URLS = """\
from django.urls import path

from shop import views

urlpatterns = [
    path("place/<int:order_id>/", views.place),
    path("bulk/<int:order_id>/", views.bulk),
    path("orders/<int:order_id>/", views.Orders.as_view()),
]
"""


def test_views_under_atomic_requests_and_what_they_call() -> None:
    check(
        {
            "shop/settings.py": SETTINGS_ATOMIC,
            "shop/urls.py": URLS,
            "shop/views.py": VIEWS,
            "shop/services.py": SERVICES,
        }
    )


def test_the_view_finding_points_at_the_setting() -> None:
    found = findings({"shop/settings.py": SETTINGS_ATOMIC, "shop/urls.py": URLS, "shop/views.py": VIEWS})
    place = next(item for item in found if item[1] == 9)
    assert "inside the request's transaction (`ATOMIC_REQUESTS`)" in place[2]
    assert place[3] == (
        "shop/settings.py:1: `ATOMIC_REQUESTS` is on for database `default`: every request runs in a transaction",
    )


def test_without_atomic_requests_views_are_not_in_a_transaction() -> None:
    unmarked = VIEWS.replace("  # expect: EVL304", "")
    for settings in (
        'ATOMIC_REQUESTS = True\nDATABASES = {"default": {"ENGINE": "x"}}\n',  # Django ignores the top-level one
        'DATABASES = {"default": {"ATOMIC_REQUESTS": False}}\n',
        'DATABASES = {"default": {"ATOMIC_REQUESTS": env.bool("ATOMIC")}}\n',
    ):
        check(
            {
                "shop/settings.py": settings,
                "shop/urls.py": URLS,
                "shop/views.py": unmarked,
                "shop/services.py": SERVICES.replace("  # expect: EVL304", ""),
            }
        )


def test_a_rest_framework_viewset_registered_on_a_router() -> None:
    check(
        {
            "shop/settings/__init__.py": "",
            "shop/settings/base.py": SETTINGS_ATOMIC,
            "shop/urls.py": """\
from rest_framework.routers import DefaultRouter

from shop.api import OrderViewSet

router = DefaultRouter()
router.register("orders", OrderViewSet)
urlpatterns = router.urls
""",
            "shop/api.py": """\
from django.db import transaction
from rest_framework import viewsets

from shop.tasks import notify


class OrderViewSet(viewsets.ModelViewSet):
    def perform_create(self, serializer):
        order = serializer.save()
        notify.delay(order.pk)  # expect: EVL304

    def perform_update(self, serializer):
        order = serializer.save()
        transaction.on_commit(lambda: notify.delay(order.pk))
""",
        }
    )


# -- model signals -------------------------------------------------------------------------

MODELS = """\
from django.db import models


class Order(models.Model):
    pass


class Invoice(models.Model):
    pass
"""

RECEIVERS = """\
from django.db import transaction
from django.db.models.signals import post_save, post_delete
from django.dispatch import receiver

from shop.models import Invoice, Order
from shop.tasks import notify


@receiver(post_save, sender=Order)
def order_saved(sender, instance, created, **kwargs):
    notify.delay(instance.pk)  # expect: EVL304


@receiver(post_save, sender=Invoice)
def invoice_saved(sender, instance, **kwargs):
    notify.delay(instance.pk)


@receiver(post_delete, sender=Order)
def order_deleted(sender, instance, **kwargs):
    notify.delay(instance.pk)


@receiver(post_save, sender=Order)
def order_saved_later(sender, instance, **kwargs):
    transaction.on_commit(lambda: notify.delay(instance.pk))
"""


def test_a_receiver_whose_model_is_saved_inside_a_transaction() -> None:
    check(
        {
            "shop/models.py": MODELS,
            "shop/receivers.py": RECEIVERS,
            "shop/services.py": """\
from django.db import transaction

from shop.models import Invoice, Order


def place() -> None:
    with transaction.atomic():
        order = Order()
        order.save()


def bill() -> None:
    Invoice.objects.create()
""",
        }
    )


def test_a_model_created_through_its_manager_inside_a_transaction() -> None:
    check(
        {
            "shop/models.py": MODELS,
            "shop/receivers.py": RECEIVERS,
            "shop/services.py": """\
from django.db import transaction

from shop.models import Order


@transaction.atomic
def place() -> None:
    Order.objects.create()
""",
        }
    )


def test_a_receiver_of_every_model_and_a_save_two_calls_below_the_transaction() -> None:
    check(
        {
            "shop/models.py": MODELS,
            "shop/apps.py": """\
from django.db.models import signals

from shop.tasks import notify


def on_any_save(sender, instance, **kwargs):
    notify.delay(instance.pk)  # expect: EVL304


def ready() -> None:
    signals.post_save.connect(on_any_save)
""",
            "shop/services.py": """\
from django.db import transaction


def place(order) -> None:
    with transaction.atomic():
        store(order)


def store(order) -> None:
    order.save()
""",
        }
    )


def test_receivers_under_atomic_requests() -> None:
    check(
        {
            "shop/settings.py": SETTINGS_ATOMIC,
            "shop/models.py": MODELS,
            "shop/receivers.py": RECEIVERS.replace(
                "    notify.delay(instance.pk)\n", "    notify.delay(instance.pk)  # expect: EVL304\n"
            ),
        }
    )


def test_a_receiver_no_transaction_reaches_is_not_reported() -> None:
    check(
        {
            "shop/models.py": MODELS,
            "shop/receivers.py": RECEIVERS.replace("  # expect: EVL304", ""),
            "shop/services.py": """\
from shop.models import Order


def place(order: Order) -> None:
    order.save()
""",
        }
    )


def test_django_ninja_operations_under_atomic_requests() -> None:
    check(
        {
            "shop/settings.py": SETTINGS_ATOMIC,
            "shop/api.py": """\
from django.db import transaction
from ninja import Router
from ninja_extra import api_controller, http_post, route

from shop.services import record
from shop.tasks import notify

router = Router()


@router.post("/orders")
def place(request, order_id: int):
    record(order_id)


@router.get("/orders")
def listed(request):
    transaction.on_commit(lambda: notify.delay(0))


@api_controller("/checkout")
class Checkout:
    @route.post("/confirm")
    def confirm(self, request, order_id: int):
        notify.delay(order_id)  # expect: EVL304

    @http_post("/cancel")
    def cancel(self, request, order_id: int):
        notify.delay(order_id)  # expect: EVL304

    def helper(self, order_id: int):
        notify.delay(order_id)
""",
            "shop/services.py": SERVICES,
        }
    )


def test_a_receiver_whose_sender_does_not_resolve_is_fired_by_no_save_found() -> None:
    apps = """\
from django.db.models import signals

from shop.tasks import notify


class Indexer:
    def setup(self, registry) -> None:
        for model in registry:
            signals.post_save.connect(self.handle_save, sender=model)

    def handle_save(self, sender, instance, **kwargs):
        notify.delay(instance.pk)
"""
    services = """\
from django.db import transaction


def place(order) -> None:
    with transaction.atomic():
        order.save()
"""
    check({"shop/models.py": MODELS, "shop/apps.py": apps, "shop/services.py": services})
    marked = apps.replace("notify.delay(instance.pk)\n", "notify.delay(instance.pk)  # expect: EVL304\n")
    check({"shop/settings.py": SETTINGS_ATOMIC, "shop/models.py": MODELS, "shop/apps.py": marked})


# -- sent on purpose before a rollback that surely follows -------------------------------------


def test_a_send_a_raise_surely_follows_inside_the_transaction_is_on_purpose() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction

from shop.tasks import notify


class Refused(Exception):
    pass


def refuse(order_id: int) -> None:
    with transaction.atomic():
        notify.delay(order_id)
        raise Refused(order_id)


@transaction.atomic
def refuse_either_way(order_id: int, loud: bool) -> None:
    notify.delay(order_id)
    if loud:
        raise Refused(order_id)
    else:
        raise ValueError(order_id)


def raise_after_commit(order_id: int) -> None:
    with transaction.atomic():
        notify.delay(order_id)  # expect: EVL304
    raise Refused(order_id)


@transaction.atomic
def maybe(order_id: int, loud: bool) -> None:
    notify.delay(order_id)  # expect: EVL304
    if loud:
        raise Refused(order_id)


@transaction.atomic
def swallowed(order_id: int) -> None:
    try:
        notify.delay(order_id)  # expect: EVL304
        raise Refused(order_id)
    except Refused:
        pass


@transaction.atomic
def rethrown(order_id: int) -> None:
    try:
        notify.delay(order_id)
        raise Refused(order_id)
    except Refused:
        raise
""",
        }
    )


def test_a_call_a_raise_surely_follows_carries_no_transaction() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction

from shop.tasks import notify


class Duplicate(Exception):
    pass


def send_activation(user_id: int) -> None:
    notify.delay(user_id)


def send_welcome(user_id: int) -> None:
    notify.delay(user_id)  # expect: EVL304


@transaction.atomic
def register(user_id: int, guest: bool, known: bool) -> None:
    if known:
        if guest:
            send_activation(user_id)
        raise Duplicate(user_id)
    send_welcome(user_id)
""",
        }
    )


def test_a_send_whose_function_defers_it_on_another_branch_is_chosen_by_its_arguments() -> None:
    check(
        {
            "shop/services.py": """\
from django.db import transaction

from shop.tasks import notify


def send_verification(user_id: int, defer: bool = True) -> None:
    if defer:
        transaction.on_commit(lambda: notify.delay(user_id))
    else:
        notify.delay(user_id)


def send_welcome(user_id: int, now: bool) -> None:
    if now:
        notify.delay(user_id)
    else:
        notify.delay_on_commit(user_id)


@transaction.atomic
def register(user_id: int) -> None:
    send_verification(user_id)
    send_welcome(user_id, now=False)
    if user_id:
        notify.delay(user_id)  # expect: EVL304
    else:
        notify.apply_async((user_id,))  # expect: EVL304
""",
        }
    )


# -- the project's own transaction context managers ------------------------------------------


def test_a_context_manager_of_the_project_yielding_inside_atomic_opens_a_transaction() -> None:
    check(
        {
            "shop/tracing.py": """\
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def traced_atomic_transaction():
    with transaction.atomic():
        yield


@contextmanager
def atomic_then_yield():
    with transaction.atomic():
        pass
    yield


@contextmanager
def nested():
    with traced_atomic_transaction():
        yield
""",
            "shop/mutations.py": """\
from shop import tracing
from shop.tasks import notify
from shop.tracing import atomic_then_yield, nested, traced_atomic_transaction


def place(order_id: int) -> None:
    with traced_atomic_transaction():
        notify.delay(order_id)  # expect: EVL304
        confirm(order_id)


def confirm(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304


def cancel(order_id: int) -> None:
    with tracing.nested():
        notify.delay(order_id)  # expect: EVL304


def refund(order_id: int) -> None:
    with atomic_then_yield():
        notify.delay(order_id)


def audit() -> None:
    with nested():
        pass
""",
        }
    )


def test_a_task_whose_base_class_sends_after_commit_is_never_sent_before_it() -> None:
    check(
        {
            "shop/celery_base.py": """\
from celery import Task
from django.db import transaction


class TransactionAwareTask(Task):
    def apply_async(self, *args, **kwargs):
        transaction.on_commit(lambda: super(TransactionAwareTask, self).apply_async(*args, **kwargs))


class LoggedTask(Task):
    def apply_async(self, *args, **kwargs):
        return super().apply_async(*args, **kwargs)
""",
            "shop/jobs.py": """\
from celery import shared_task

from shop.celery_base import LoggedTask, TransactionAwareTask


@shared_task(base=TransactionAwareTask)
def reindex(order_id: int) -> None:
    pass


@shared_task(base=LoggedTask)
def audit(order_id: int) -> None:
    pass
""",
            "shop/services.py": """\
from django.db import transaction

from shop.jobs import audit, reindex


@transaction.atomic
def place(order_id: int) -> None:
    reindex.delay(order_id)
    reindex.apply_async((order_id,))
    audit.delay(order_id)  # expect: EVL304
""",
        }
    )


def test_receivers_of_models_registered_with_the_admin_run_in_its_transaction() -> None:
    check(
        {
            "shop/models.py": MODELS + "\n\nclass Refund(models.Model):\n    pass\n",
            "shop/receivers.py": RECEIVERS.replace("  # expect: EVL304", "")
            .replace(
                "def order_saved(sender, instance, created, **kwargs):\n    notify.delay(instance.pk)\n",
                "def order_saved(sender, instance, created, **kwargs):\n    notify.delay(instance.pk)  # expect: EVL304\n",
            )
            .replace(
                "def order_deleted(sender, instance, **kwargs):\n    notify.delay(instance.pk)\n",
                "def order_deleted(sender, instance, **kwargs):\n    notify.delay(instance.pk)  # expect: EVL304\n",
            )
            .replace(
                "def invoice_saved(sender, instance, **kwargs):\n    notify.delay(instance.pk)\n",
                "def invoice_saved(sender, instance, **kwargs):\n    notify.delay(instance.pk)  # expect: EVL304\n",
            ),
            "shop/admin.py": """\
from django.contrib import admin

from shop.models import Invoice, Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    pass


admin.site.register([Invoice])
""",
        }
    )


def test_a_model_the_admin_does_not_register_fires_no_receiver_through_it() -> None:
    check(
        {
            "shop/models.py": MODELS,
            "shop/receivers.py": RECEIVERS.replace("  # expect: EVL304", ""),
            "shop/admin.py": "from django.contrib import admin\n\nfrom shop.models import Order\n\nregister = print\nregister(Order)\n",
        }
    )
