"""EVL304: a task or broker message sent inside a transaction or before its commit, with no configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import BASES, assert_fires_as_marked

from eventlint import lint_sources
from eventlint.checks.selection import vocabulary_of
from eventlint.config.settings import default_config

TASKS = {
    "shop/__init__.py": "",
    "shop/celery_app.py": "from celery import Celery\n\napp = Celery('shop')\n",
    "shop/tasks.py": """\
import dramatiq
from celery import shared_task

from shop.celery_app import app


@shared_task
def notify(order_id: int) -> None:
    pass


@app.task(bind=True)
def ship(self, order_id: int) -> None:
    pass


@dramatiq.actor
def invoice(order_id: int) -> None:
    pass


def report(order_id: int) -> None:
    pass
""",
}


def check(files: dict[str, str], config: str = "") -> None:
    assert_fires_as_marked({**TASKS, **files}, config)


def in_transaction(*sends: str, imports: str = "") -> str:
    """A Django view sending each of `sends` (marked) inside `transaction.atomic()`."""
    body = "\n".join(f"        {send}  # expect: EVL304" for send in sends)
    return f"from django.db import transaction\n{imports}\n\ndef place(order_id: int) -> None:\n    with transaction.atomic():\n{body}\n"


# -- what a send is ---------------------------------------------------------------------


def test_celery_tasks_signatures_and_canvas() -> None:
    sends = (
        "notify.delay(order_id)",
        "notify.apply_async((order_id,), countdown=5)",
        "ship.delay(order_id)",
        "app.send_task('shop.tasks.notify', args=(order_id,))",
        "notify.s(order_id).apply_async()",
        "notify.si(order_id).delay()",
        "ship.signature((order_id,)).apply_async()",
        "signature('shop.tasks.notify', args=(order_id,)).apply_async()",
        "chain(notify.s(order_id), ship.si(order_id)).apply_async()",
        "group(notify.s(order_id), ship.s(order_id)).delay()",
    )
    imports = (
        "from celery import chain, group, signature\n\nfrom shop.celery_app import app\nfrom shop.tasks import notify, ship\n"
    )
    check({"shop/views.py": in_transaction(*sends, imports=imports)})


def test_a_signature_kept_in_a_name_is_sent_where_it_is_applied() -> None:
    check(
        {
            "shop/views.py": """\
from django.db import transaction

from shop.tasks import notify


def place(order_id: int) -> None:
    with transaction.atomic():
        later = notify.s(order_id)
        later.apply_async()  # expect: EVL304
"""
        }
    )


def test_a_canvas_called_is_sent() -> None:
    sends = (
        "chord([notify.s(order_id), ship.s(order_id)])(notify.si(order_id))",
        "chord([notify.s(order_id)], notify.si(order_id))()",
        "chain(notify.s(order_id), ship.si(order_id))()",
        "group(notify.s(order_id), ship.s(order_id))()",
        "canvas.chain(notify.s(order_id))()",
    )
    imports = "from celery import canvas, chain, chord, group\n\nfrom shop.tasks import notify, ship\n"
    check({"shop/views.py": in_transaction(*sends, imports=imports)})


def test_a_canvas_kept_in_a_name_is_sent_where_it_is_applied_or_called() -> None:
    check(
        {
            "shop/views.py": """\
from celery import chain, group
from django.db import transaction

from shop.tasks import notify, ship


def place(order_id: int) -> None:
    with transaction.atomic():
        job = chain(notify.s(order_id), ship.si(order_id))
        job.apply_async()  # expect: EVL304
        fan_out = group(notify.s(order_id), ship.s(order_id))
        fan_out()  # expect: EVL304
"""
        }
    )


def test_what_only_looks_like_a_canvas_call_is_no_send() -> None:
    check(
        {
            "shop/canvas.py": "class chain:\n    def __init__(self, *steps) -> None:\n        self.steps = steps\n\n"
            "    def __call__(self) -> None:\n        pass\n",
            "shop/views.py": """\
from celery import chord, signature
from django.db import transaction

from shop.canvas import chain
from shop.tasks import notify


def place(order_id: int, anything) -> None:
    with transaction.atomic():
        header = chord([notify.s(order_id)])
        signature("shop.tasks.notify", args=(order_id,))()
        notify.s(order_id)()
        chain(notify.s(order_id))()
        anything(order_id)()
        later = notify.s(order_id)
        later()
        transaction.on_commit(lambda: header(notify.si(order_id)))
""",
        }
    )


HUEY = {
    "shop/queue.py": "from huey import RedisHuey\n\nhuey = RedisHuey('shop')\n",
    "shop/jobs.py": """\
from huey import crontab
from huey.contrib.djhuey import db_task

from shop.queue import huey


@huey.task()
def remind(order_id: int) -> None:
    pass


@huey.periodic_task(crontab(minute="0"))
def sweep() -> None:
    pass


@db_task()
def archive(order_id: int) -> None:
    pass
""",
}


def test_a_huey_task_called_or_scheduled_is_sent() -> None:
    check(
        {
            **HUEY,
            "shop/views.py": """\
from django.db import transaction

from shop import jobs
from shop.jobs import archive, remind


def place(order_id: int) -> None:
    with transaction.atomic():
        remind(order_id)  # expect: EVL304
        archive(order_id)  # expect: EVL304
        jobs.sweep()  # expect: EVL304
        remind.schedule((order_id,), delay=60)  # expect: EVL304


def cancel(order_id: int) -> None:
    with transaction.atomic():
        pass
    remind(order_id)
""",
        }
    )


def test_a_call_of_what_no_huey_queue_decorates_is_no_send() -> None:
    check(
        {
            **HUEY,
            "shop/local.py": """\
def task(*args, **kwargs):
    return lambda function: function


class Queue:
    def task(self):
        return lambda function: function


queue = Queue()


@task()
def render(order_id: int) -> None:
    pass


@queue.task()
def resize(order_id: int) -> None:
    pass
""",
            "shop/views.py": """\
from django.db import transaction

from shop.jobs import remind
from shop.local import render, resize


def place(order_id: int) -> None:
    with transaction.atomic():
        render(order_id)
        resize(order_id)
        remind.call_local(order_id)
        result = remind.s(order_id)
        transaction.on_commit(lambda: remind(order_id))
""",
        }
    )


@pytest.mark.parametrize("queue", ["huey", "q"])
def test_a_huey_task_call_is_found_with_or_without_the_precheck(queue: str) -> None:
    """Neither the view nor (with a queue named `q`) the tasks' module spells `huey` or a send."""
    project = {
        **TASKS,
        "shop/queue.py": f"from huey import SqliteHuey\n\n{queue} = SqliteHuey('shop')\n",
        "shop/work.py": f"from shop.queue import {queue}\n\n\n@{queue}.task()\ndef remind(order_id: int) -> None:\n    pass\n",
        "shop/views.py": "from django.db import transaction\n\nfrom shop.work import remind\n\n\n"
        "def place(order_id: int) -> None:\n    with transaction.atomic():\n        remind(order_id)  # expect: EVL304\n",
    }
    assert_fires_as_marked(project, "")
    assert lint_sources(project, "", precheck=False).diagnostics == lint_sources(project, "").diagnostics


PROJECT_DECORATORS = {
    "shop/decorators.py": """\
from celery import shared_task

from shop.celery_app import app


def task(*args, **kwargs):
    return shared_task(*args, **kwargs)


def queued_task(**kwargs):
    return app.task(base=None, acks_late=True, **kwargs)


def mail_task(**kwargs):
    return task(queue="mail", **kwargs)


def sometimes_task(function):
    if function.__name__.startswith("task_"):
        return shared_task(function)
    return function


def one_way(**kwargs):
    return the_other_way(**kwargs)


def the_other_way(**kwargs):
    return one_way(**kwargs)
""",
    "shop/jobs.py": """\
from shop.decorators import mail_task, one_way, queued_task, sometimes_task, task


@task(queue="mail")
def remind(order_id: int) -> None:
    pass


@queued_task()
def pack(order_id: int) -> None:
    pass


@mail_task()
def thank(order_id: int) -> None:
    pass


@sometimes_task
def maybe(order_id: int) -> None:
    pass


@one_way()
def circular(order_id: int) -> None:
    pass
""",
}


def test_a_task_of_the_projects_own_task_decorator_is_sent() -> None:
    check(
        {
            **PROJECT_DECORATORS,
            "shop/views.py": """\
from django.db import transaction

from shop.jobs import circular, maybe, pack, remind, thank


def place(order_id: int) -> None:
    with transaction.atomic():
        remind.delay(order_id)  # expect: EVL304
        pack.apply_async((order_id,))  # expect: EVL304
        thank.delay(order_id)  # expect: EVL304
        remind.s(order_id).apply_async()  # expect: EVL304
        maybe.delay(order_id)
        circular.delay(order_id)
""",
        }
    )


def test_a_huey_or_dramatiq_task_of_the_projects_own_decorator_is_sent() -> None:
    check(
        {
            **HUEY,
            "shop/decorators.py": """\
import dramatiq

from shop.queue import huey


def background(**kwargs):
    return huey.task(retries=3, **kwargs)


def actor(**kwargs):
    return dramatiq.actor(queue_name="mail", **kwargs)
""",
            "shop/work.py": """\
from django.db import transaction

from shop.decorators import actor, background


@background()
def remind(order_id: int) -> None:
    pass


@actor()
def mail(order_id: int) -> None:
    pass


def place(order_id: int) -> None:
    with transaction.atomic():
        remind(order_id)  # expect: EVL304
        mail.send(order_id)  # expect: EVL304
""",
        }
    )


def test_dramatiq_rq_arq_and_taskiq() -> None:
    check(
        {
            "shop/jobs.py": """\
from arq import create_pool
from django.db import transaction
from redis import Redis
from rq import Queue
from taskiq_redis import ListQueueBroker

from shop.tasks import invoice, report

broker = ListQueueBroker("redis://")


@broker.task
async def archive(order_id: int) -> None:
    pass


async def place(order_id: int) -> None:
    queue = Queue(connection=Redis())
    pool = await create_pool()
    with transaction.atomic():
        invoice.send(order_id)  # expect: EVL304
        queue.enqueue(report, order_id)  # expect: EVL304
        queue.enqueue_call(report, args=(order_id,))  # expect: EVL304
        queue.enqueue_in(60, report, order_id)  # expect: EVL304
        queue.enqueue_at(0, report, order_id)  # expect: EVL304
        await pool.enqueue_job("report", order_id)  # expect: EVL304
        await archive.kiq(order_id)  # expect: EVL304
"""
        }
    )


def test_a_broker_publish_carrying_ids_is_a_send() -> None:
    check(
        {
            "shop/views.py": in_transaction(
                "KafkaProducer().send('orders', value=str(order_id).encode())", imports="from kafka import KafkaProducer\n"
            )
        }
    )


def test_delay_on_what_is_no_task_is_no_send() -> None:
    check(
        {
            "shop/views.py": """\
from django.db import transaction

from shop.tasks import report


class Mailer:
    def delay(self, order_id: int) -> None:
        pass


def place(order_id: int, anything) -> None:
    with transaction.atomic():
        report.delay(order_id)
        Mailer().delay(order_id)
        anything.delay(order_id)
        anything.apply_async()
        anything.s(order_id).apply_async()
"""
        }
    )


# -- where the transaction comes from --------------------------------------------------------


def test_transactions_of_the_same_function() -> None:
    check(
        {
            "shop/views.py": """\
from django.db import transaction
from django.db.transaction import atomic
from sqlalchemy.orm import Session

from shop.tasks import notify


def with_atomic(order_id: int) -> None:
    with transaction.atomic():
        notify.delay(order_id)  # expect: EVL304


def with_atomic_using(order_id: int) -> None:
    with atomic(using="orders"):
        notify.delay(order_id)  # expect: EVL304


def with_begin(session: Session, order_id: int) -> None:
    with session.begin():
        notify.delay(order_id)  # expect: EVL304


def before_commit(session: Session, order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
    session.commit()


def after_commit(session: Session, order_id: int) -> None:
    session.commit()
    notify.delay(order_id)


def after_the_block(order_id: int) -> None:
    with transaction.atomic():
        pass
    notify.delay(order_id)


def outside_any(order_id: int) -> None:
    notify.delay(order_id)
"""
        }
    )


def test_a_transaction_on_a_read_replica_opens_no_write_transaction() -> None:
    check(
        {
            "shop/dbs.py": 'READS = "analytics_ro_reader"\nWRITES = "orders"\nREADY = "ready"\n',
            "shop/views.py": """\
from django.conf import settings
from django.db import transaction
from django.db.transaction import atomic

from shop.dbs import READS, READY, WRITES
from shop.tasks import notify

REPLICA = "default"


def literal(order_id: int) -> None:
    with transaction.atomic(using="replica"):
        notify.delay(order_id)


def setting(order_id: int) -> None:
    with transaction.atomic(using=settings.DATABASE_CONNECTION_REPLICA_NAME):
        notify.delay(order_id)


def named_constant(order_id: int) -> None:
    with atomic(using=REPLICA):
        notify.delay(order_id)


def constant_value(order_id: int) -> None:
    with transaction.atomic(READS):
        notify.delay(order_id)


@transaction.atomic(using="read-replica")
def decorated(order_id: int) -> None:
    notify.delay(order_id)


def nested_in_a_write(order_id: int) -> None:
    with transaction.atomic():
        with transaction.atomic(using="replica"):
            notify.delay(order_id)  # expect: EVL304


def writes(order_id: int) -> None:
    with transaction.atomic(using=WRITES):
        notify.delay(order_id)  # expect: EVL304


def not_a_word_of_its_own(order_id: int) -> None:
    with transaction.atomic(using="thread_pool"):
        notify.delay(order_id)  # expect: EVL304


def ready_is_not_read(order_id: int) -> None:
    with transaction.atomic(using=READY):
        notify.delay(order_id)  # expect: EVL304


def unknown(order_id: int, alias: str) -> None:
    with transaction.atomic(using=alias):
        notify.delay(order_id)  # expect: EVL304
""",
        }
    )


def test_a_callee_of_a_read_replica_block_runs_in_no_write_transaction() -> None:
    check(
        {
            "shop/notifying.py": """\
from shop.tasks import notify


def remind(order_id: int) -> None:
    notify.delay(order_id)


def confirm(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
""",
            "shop/views.py": """\
from django.db import transaction

from shop.notifying import confirm, remind


def review(order_id: int) -> None:
    with transaction.atomic(using="replica"):
        remind(order_id)


def place(order_id: int) -> None:
    with transaction.atomic():
        confirm(order_id)
""",
        }
    )


def test_an_integration_event_in_a_read_replica_block_is_not_reported_by_evl302_either() -> None:
    config = f'[events]\nintegration-bases = ["{BASES["integration"]}"]\n'
    check(
        {
            "shop/seedwork.py": "class IntegrationEvent:\n    pass\n",
            "shop/contracts.py": (
                "from shop.seedwork import IntegrationEvent\n\n\nclass OrderPlacedIntegrationEvent(IntegrationEvent):\n"
                "    order_id: int\n"
            ),
            "shop/views.py": """\
from django.db import transaction
from kafka import KafkaProducer

from shop.contracts import OrderPlacedIntegrationEvent


def on_a_replica(producer: KafkaProducer, order_id: int) -> None:
    with transaction.atomic(using="replica"):
        producer.send("orders", OrderPlacedIntegrationEvent(order_id=order_id))


def on_the_primary(producer: KafkaProducer, order_id: int) -> None:
    with transaction.atomic(using="orders"):
        producer.send("orders", OrderPlacedIntegrationEvent(order_id=order_id))  # expect: EVL302
""",
        },
        config,
    )


def test_transactional_decorators() -> None:
    check(
        {
            "shop/db.py": "def in_transaction(function):\n    return function\n",
            "shop/views.py": """\
from django.db import transaction
from django.db.transaction import atomic

from shop.db import in_transaction
from shop.tasks import notify


@transaction.atomic
def decorated(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304


@atomic(using="orders")
def decorated_using(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304


@transaction.commit_on_success
def legacy(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304


@transaction.commit_manually
def legacy_manual(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
    transaction.commit()


@in_transaction
def configured(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
""",
        },
        '[dispatch]\ntransaction = ["shop.db.in_transaction"]\n',
    )


# -- deferred, so not reported -------------------------------------------------------------


def test_deferred_sends_are_not_reported() -> None:
    check(
        {
            "shop/views.py": """\
from functools import partial

from django.db import transaction

from shop.tasks import notify


class Checkout:
    def __init__(self, uow) -> None:
        self.uow = uow

    def place(self, order_id: int) -> None:
        with transaction.atomic():
            transaction.on_commit(lambda: notify.delay(order_id))
            transaction.on_commit(partial(notify.delay, order_id))

            def send() -> None:
                notify.delay(order_id)

            transaction.on_commit(send)
            transaction.on_commit(self.send)
            notify.delay_on_commit(order_id)
            notify.apply_async_on_commit((order_id,))
        with self.uow.transaction():
            self.uow.on_commit(lambda: notify.delay(order_id))

    def send(self) -> None:
        notify.delay(1)
""",
        },
        '[dispatch]\ntransaction = ["*.uow.transaction"]\nafter-commit = ["*.uow.on_commit"]\n',
    )


# -- beside EVL302 ------------------------------------------------------------------------------


def test_an_integration_event_sent_too_early_is_reported_once_by_evl302() -> None:
    config = f'[events]\nintegration-bases = ["{BASES["integration"]}"]\n'
    check(
        {
            "shop/seedwork.py": "class IntegrationEvent:\n    pass\n",
            "shop/contracts.py": (
                "from shop.seedwork import IntegrationEvent\n\n\nclass OrderPlacedIntegrationEvent(IntegrationEvent):\n"
                "    order_id: int\n"
            ),
            "shop/views.py": """\
from django.db import transaction
from kafka import KafkaProducer

from shop.contracts import OrderPlacedIntegrationEvent
from shop.tasks import notify


def place(order_id: int) -> None:
    producer = KafkaProducer()
    with transaction.atomic():
        producer.send("orders", OrderPlacedIntegrationEvent(order_id=order_id))  # expect: EVL302
        notify.delay(order_id)  # expect: EVL304
""",
        },
        config,
    )


# -- the related location and the fix ----------------------------------------------------------------


def test_the_finding_points_at_where_the_transaction_was_opened() -> None:
    source = in_transaction("notify.delay(order_id)", imports="from shop.tasks import notify\n")
    (finding,) = lint_sources({**TASKS, "shop/views.py": source}).diagnostics
    assert finding.code == "EVL304"
    (related,) = finding.related
    assert related.span.line == source.splitlines().index("    with transaction.atomic():") + 1


@pytest.mark.parametrize(
    ("opened", "fixed"),
    [("with transaction.atomic():", True), ("with session.begin():", False)],
)
def test_the_fix_is_django_on_commit_only(opened: str, fixed: bool) -> None:
    source = (
        "from django.db import transaction\nfrom sqlalchemy.orm import Session\n\nfrom shop.tasks import notify\n\n\n"
        f"def place(session: Session, order_id: int) -> None:\n    {opened}\n        notify.delay(order_id)\n"
    )
    (finding,) = lint_sources({**TASKS, "shop/views.py": source}).diagnostics
    assert finding.fix is not None
    assert (finding.fix.arguments is not None) is fixed
    assert bool(finding.fix.refused) is not fixed


# -- the pre-check --------------------------------------------------------------------------------------


def test_a_file_naming_only_an_alias_of_a_transaction_is_read() -> None:
    project = {
        **TASKS,
        "shop/db.py": "from django.db import transaction\n\ntx = transaction.atomic\n",
        "shop/other_db.py": "from django.db.transaction import atomic as in_tx\n",
        "shop/later.py": "from shop.tasks import notify\n\nnotify_later = notify.delay\n",
        "shop/cancel.py": """\
from django.db import transaction

from shop.later import notify_later


def cancel(order_id: int) -> None:
    with transaction.atomic():
        notify_later(order_id)  # expect: EVL304
""",
        "shop/views.py": """\
from shop.db import tx
from shop.other_db import in_tx
from shop.tasks import notify


def place(order_id: int) -> None:
    with tx():
        notify.delay(order_id)  # expect: EVL304


@in_tx
def cancel(order_id: int) -> None:
    notify.delay(order_id)  # expect: EVL304
""",
    }
    assert_fires_as_marked(project, "")
    assert lint_sources(project, "", precheck=False).diagnostics == lint_sources(project, "").diagnostics


VOCABULARY = vocabulary_of(default_config(Path(".")))


@pytest.mark.parametrize(
    "text",
    [
        "from django.db import transaction\n\nwith transaction.atomic():\n    notify.delay(1)\n",  # both
        "from django.db.transaction import atomic as tx\n",
        "from django.db.transaction import (\n    atomic as tx,\n    on_commit,\n)\n",
        "import django.db.transaction as tx\n",
        "from django.db import transaction\n\ntx = transaction.atomic\n",
        "from django.db import transaction\n\ntx = (\n    transaction\n    .atomic\n)  # the block\n",
        "from shop.tasks import notify\n\ntry:\n    later = notify.delay\nexcept ImportError:\n    later = None\n",
        "from shop.tasks import notify\n\nx = 1; later = notify.delay\n",
        "from django.db import transaction\n\nwith transaction.atomic():\n    chord(header)(callback)\n",
        "from django.db import transaction\n\nwith transaction.atomic():\n    job = chain(a.s(), b.s())\n    job()\n",
        # huey: its tasks' callers are read through the names leading to it
        "@huey.task()\ndef remind(order_id):\n    pass\n",
        "from huey.contrib.djhuey import db_task\n",
        "from huey import RedisHuey\n\nqueue = RedisHuey('shop')\n",
        # a transaction opened alone: what it calls may send
        "from django.db import transaction\n\n\ndef save(order) -> None:\n    with transaction.atomic():\n        order.save()\n",
        # a model signal: its receivers run in the saver's transaction
        "from django.db.models.signals import post_save\n",
    ],
)
def test_a_file_sending_in_a_transaction_or_aliasing_either_is_read(text: str) -> None:
    assert VOCABULARY.mentioned_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "def save(session, order) -> None:\n    session.add(order)\n    session.commit()\n",  # a commit alone
        "def retry(delay: float) -> None:\n    wait = delay\n",
        '"""One card transaction as listed in the settlement file."""\n',
        "reply = sock.send(b'ping')\n",
        "@shared_task\ndef remind(order_id):\n    pass\n",
        "def place(session) -> None:\n    remind(1)\n    session.commit()\n",  # unless `remind` is a huey task
    ],
)
def test_a_file_with_only_one_of_them_is_not(text: str) -> None:
    assert not VOCABULARY.mentioned_in(text)
