"""Every built-in preset entry recognises a call made through that library's public API."""

from __future__ import annotations

import re

import pytest

from eventlint.api import project_of_sources
from eventlint.config.presets import HUEY_CLASSES, PRESETS

# pattern -> (role, snippet); the call on the line marked `# site` plays the role.
CASES: dict[str, tuple[str, str]] = {
    "kafka.KafkaProducer.send": (
        "broker",
        """
from kafka import KafkaProducer


class KafkaEventBus:
    def __init__(self) -> None:
        self.producer = KafkaProducer(bootstrap_servers="kafka:9092")

    def publish(self, payload: bytes) -> None:
        self.producer.send("orders", value=payload)  # site
""",
    ),
    "confluent_kafka.Producer.produce": (
        "broker",
        """
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})
producer.produce("orders", value=b"{}")  # site
""",
    ),
    "confluent_kafka.SerializingProducer.produce": (
        "broker",
        """
import confluent_kafka as ck

producer = ck.SerializingProducer({"bootstrap.servers": "kafka:9092"})
producer.produce(topic="orders", value={})  # site
""",
    ),
    "aiokafka.AIOKafkaProducer.send": (
        "broker",
        """
from aiokafka import AIOKafkaProducer


async def announce(payload: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers="kafka:9092")
    await producer.send("orders", payload)  # site
""",
    ),
    "aiokafka.AIOKafkaProducer.send_and_wait": (
        "broker",
        """
from aiokafka import AIOKafkaProducer


async def announce(producer: AIOKafkaProducer, payload: bytes) -> None:
    await producer.send_and_wait("orders", payload)  # site
""",
    ),
    "pika.**.basic_publish": (
        "broker",
        """
import pika

connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()
channel.basic_publish(exchange="", routing_key="orders", body=b"{}")  # site
""",
    ),
    "aio_pika.**.publish": (
        "broker",
        """
import aio_pika


async def announce(body: bytes) -> None:
    connection = await aio_pika.connect_robust("amqp://rabbitmq/")
    channel = await connection.channel()
    await channel.default_exchange.publish(aio_pika.Message(body=body), routing_key="orders")  # site
""",
    ),
    "kombu.**.publish": (
        "broker",
        """
from kombu import Connection, Producer


def announce(body: dict) -> None:
    with Connection("amqp://rabbitmq//") as connection:
        producer = Producer(connection.channel())
        producer.publish(body, routing_key="orders")  # site
""",
    ),
    "celery.Celery.send_task": (
        "broker",
        """
from celery import Celery

app = Celery("shop", broker="redis://redis")
app.send_task("notifications.send_email", args=[42])  # site
""",
    ),
    "@celery.Celery.task.delay": (
        "broker",
        """
from celery import Celery

app = Celery("shop")


@app.task
def send_confirmation(order_id: int) -> None:
    pass


send_confirmation.delay(42)  # site
""",
    ),
    "@celery.Celery.task.apply_async": (
        "broker",
        """
from celery import Celery

app = Celery("shop")


@app.task(bind=True)
def send_confirmation(self, order_id: int) -> None:
    pass


send_confirmation.apply_async(args=[42])  # site
""",
    ),
    "@celery.shared_task.delay": (
        "broker",
        """
from celery import shared_task


@shared_task
def reindex(product_id: int) -> None:
    pass


reindex.delay(7)  # site
""",
    ),
    "@celery.shared_task.apply_async": (
        "broker",
        """
import celery


@celery.shared_task()
def reindex(product_id: int) -> None:
    pass


reindex.apply_async((7,), countdown=5)  # site
""",
    ),
    "nats.**.publish": (
        "broker",
        """
import nats


async def announce(payload: bytes) -> None:
    client = await nats.connect("nats://nats:4222")
    await client.publish("orders.started", payload)  # site
""",
    ),
    "redis.**.publish": (
        "broker",
        """
import redis

client = redis.Redis(host="redis")
client.publish("orders", "{}")  # site
""",
    ),
    "faststream.**.publish": (
        "broker",
        """
from faststream.kafka import KafkaBroker

broker = KafkaBroker("kafka:9092")


async def announce(payload: dict) -> None:
    await broker.publish(payload, topic="orders")  # site
""",
    ),
    "@dramatiq.actor.send": (
        "broker",
        """
import dramatiq


@dramatiq.actor
def send_confirmation(order_id: int) -> None:
    pass


send_confirmation.send(42)  # site
""",
    ),
    "@dramatiq.actor.send_with_options": (
        "broker",
        """
from dramatiq import actor


@actor(queue_name="mail")
def send_confirmation(order_id: int) -> None:
    pass


send_confirmation.send_with_options(args=(42,), delay=1000)  # site
""",
    ),
    "google.cloud.pubsub_v1.PublisherClient.publish": (
        "broker",
        """
from google.cloud import pubsub_v1

publisher = pubsub_v1.PublisherClient()
publisher.publish("projects/shop/topics/orders", data=b"{}")  # site
""",
    ),
    "google.cloud.pubsub.PublisherClient.publish": (
        "broker",
        """
from google.cloud.pubsub import PublisherClient


def announce(publisher: PublisherClient, data: bytes) -> None:
    publisher.publish("projects/shop/topics/orders", data)  # site
""",
    ),
    "boto3.**.publish": (
        "broker",
        """
import boto3

sns = boto3.client("sns")
sns.publish(TopicArn="arn:aws:sns:eu-west-1:1:orders", Message="{}")  # site
""",
    ),
    "boto3.**.publish_batch": (
        "broker",
        """
import boto3

sns = boto3.client("sns")
sns.publish_batch(TopicArn="arn", PublishBatchRequestEntries=[])  # site
""",
    ),
    "boto3.**.send_message": (
        "broker",
        """
import boto3

sqs = boto3.client("sqs")
sqs.send_message(QueueUrl="https://sqs/orders", MessageBody="{}")  # site
""",
    ),
    "boto3.**.send_message_batch": (
        "broker",
        """
import boto3

queue = boto3.resource("sqs").Queue("https://sqs/orders")
queue.send_message_batch(Entries=[])  # site
""",
    ),
    "boto3.**.put_events": (
        "broker",
        """
import boto3

events = boto3.client("events")
events.put_events(Entries=[{"Source": "shop.ordering", "DetailType": "OrderStarted", "Detail": "{}"}])  # site
""",
    ),
    "azure.servicebus.**.send_messages": (
        "broker",
        """
from azure.servicebus import ServiceBusClient, ServiceBusMessage

client = ServiceBusClient.from_connection_string("Endpoint=sb://shop/")
sender = client.get_queue_sender(queue_name="orders")
sender.send_messages(ServiceBusMessage("{}"))  # site
""",
    ),
    "sqlalchemy.**.commit": (
        "commit",
        """
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("postgresql://db/shop")
session = Session(engine)
session.commit()  # site
""",
    ),
    "flask_sqlalchemy.**.commit": (
        "commit",
        """
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
db.session.commit()  # site
""",
    ),
    "flask_sqlalchemy.**.begin": (
        "transaction",
        """
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
db.session.begin()  # site
""",
    ),
    "sqlalchemy.**.begin": (
        "transaction",
        """
from sqlalchemy import create_engine

engine = create_engine("postgresql://db/shop")
with engine.begin() as connection:  # site
    connection.exec_driver_sql("UPDATE product SET price = 10")
""",
    ),
    "django.db.transaction.commit": (
        "commit",
        """
from django.db import transaction

transaction.commit()  # site
""",
    ),
    "django.db.transaction.atomic": (
        "transaction",
        """
from django.db import transaction

with transaction.atomic():  # site
    pass
""",
    ),
    "django.db.transaction.on_commit": (
        "after_commit",
        """
from django.db import transaction

transaction.on_commit(lambda: print("committed"))  # site
""",
    ),
    "asyncpg.**.commit": (
        "commit",
        """
import asyncpg


async def change_price() -> None:
    connection = await asyncpg.connect("postgresql://db/shop")
    transaction = connection.transaction()
    await transaction.start()
    await transaction.commit()  # site
""",
    ),
    "asyncpg.**.transaction": (
        "transaction",
        """
import asyncpg


async def change_price(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as connection:
        async with connection.transaction():  # site
            await connection.execute("UPDATE product SET price = 10")
""",
    ),
}

# The task queues' entries, alike but for the names: a Celery task's signatures (by decorator, hop and
# method), canvas, rq, arq, taskiq brokers and Django's legacy transactions.
_CELERY_TASK = """
import celery.canvas
from celery import Celery, chain, group, shared_task

app = Celery("shop")


@{decorator}
def notify(order_id: int) -> None:
    pass


{call}  # site
"""
for _pattern, _decorator in (("celery.Celery.task", "app.task"), ("celery.shared_task", "shared_task")):
    for _hop in ("s", "si", "signature"):
        for _method in ("delay", "apply_async"):
            CASES[f"@{_pattern}.{_hop}().{_method}"] = (
                "broker",
                _CELERY_TASK.format(decorator=_decorator, call=f"notify.{_hop}(1).{_method}()"),
            )
CASES["celery.**.delay"] = ("broker", _CELERY_TASK.format(decorator="shared_task", call="group(notify.s(1)).delay()"))
CASES["celery.**.apply_async"] = (
    "broker",
    _CELERY_TASK.format(decorator="shared_task", call="chain(notify.s(1), notify.si(2)).apply_async()"),
)
for _canvas, _call in (("chain", "chain(notify.s(1), notify.si(2))()"), ("group", "group(notify.s(1))()")):
    CASES[f"celery.{_canvas}.__call__"] = ("broker", _CELERY_TASK.format(decorator="app.task", call=_call))
    # kept in a name, then called
    CASES[f"celery.canvas.{_canvas}.__call__"] = (
        "broker",
        _CELERY_TASK.format(decorator="app.task", call=f"job = celery.canvas.{_canvas}(notify.s(1))\njob()"),
    )
for _module in ("celery", "celery.canvas"):
    CASES[f"{_module}.chord.__call__"] = (
        "broker",
        f"""
from {_module} import chord

from shop.tasks import notify, summarise

chord([notify.s(1), notify.s(2)])(summarise.s())  # site
""",
    )
# huey: a call of the decorated function enqueues it, as `schedule` does; a queue's `enqueue` of a signature
_HUEY_TASK = """
{imports}


@{decorator}
def notify(order_id: int) -> None:
    pass


notify{call}  # site
"""
for _class in HUEY_CLASSES:
    for _kind, _arguments in (("task", "()"), ("periodic_task", "(crontab(minute='0'))")):
        for _method, _call in (("__call__", "(1)"), ("schedule", ".schedule((1,), delay=10)")):
            CASES[f"@huey.{_class}.{_kind}.{_method}"] = (
                "broker",
                _HUEY_TASK.format(
                    imports=f"from huey import {_class}, crontab\n\nhuey = {_class}('shop')",
                    decorator=f"huey.{_kind}{_arguments}",
                    call=_call,
                ),
            )
    CASES[f"huey.{_class}.enqueue"] = (
        "broker",
        f"""
import huey

queue = huey.{_class}("shop")
queue.enqueue(print)  # site
""",
    )
for _kind, _arguments in (
    ("task", "()"),
    ("periodic_task", "(crontab(minute='0'))"),
    ("db_task", "()"),
    ("db_periodic_task", "(crontab(minute='0'))"),
):
    for _method, _call in (("__call__", "(1)"), ("schedule", ".schedule((1,), delay=10)")):
        CASES[f"@huey.contrib.djhuey.{_kind}.{_method}"] = (
            "broker",
            _HUEY_TASK.format(
                imports=f"from huey import crontab\nfrom huey.contrib.djhuey import {_kind}",
                decorator=f"{_kind}{_arguments}",
                call=_call,
            ),
        )
        if _kind in ("task", "periodic_task"):
            CASES[f"@huey.contrib.djhuey.HUEY.{_kind}.{_method}"] = (
                "broker",
                _HUEY_TASK.format(
                    imports="from huey import crontab\nfrom huey.contrib.djhuey import HUEY",
                    decorator=f"HUEY.{_kind}{_arguments}",
                    call=_call,
                ),
            )
for _method in ("enqueue", "enqueue_call", "enqueue_in", "enqueue_at"):
    CASES[f"rq.Queue.{_method}"] = (
        "broker",
        f"""
from redis import Redis
from rq import Queue

queue = Queue(connection=Redis())
queue.{_method}(print)  # site
""",
    )
for _decorator, _imported in (("rq.decorators.job", "from rq.decorators import job"), ("rq.job", "from rq import job")):
    CASES[f"@{_decorator}.delay"] = (
        "broker",
        f"""
{_imported}


@job("default")
def notify(order_id: int) -> None:
    pass


notify.delay(1)  # site
""",
    )
CASES["django_rq.enqueue"] = ("broker", "\nimport django_rq\n\ndjango_rq.enqueue(print, 1)  # site\n")
for _method in ("enqueue", "enqueue_call", "enqueue_in", "enqueue_at"):
    CASES[f"django_rq.**.{_method}"] = (
        "broker",
        f"\nimport django_rq\n\nqueue = django_rq.get_queue('default')\nqueue.{_method}(print)  # site\n",
    )
for _decorator, _imported in (
    ("django_rq.job", "from django_rq import job"),
    ("django_rq.decorators.job", "from django_rq.decorators import job"),
):
    CASES[f"@{_decorator}.delay"] = (
        "broker",
        f"""
{_imported}


@job
def notify(order_id: int) -> None:
    pass


notify.delay(1)  # site
""",
    )
for _hop in ("", "s().", "si().", "signature()."):
    for _method in ("delay", "apply_async"):
        CASES[f"@celery.app.shared_task.{_hop}{_method}"] = (
            "broker",
            f"""
from celery.app import shared_task


@shared_task
def notify(order_id: int) -> None:
    pass


notify.{_hop.replace("()", "(1)")}{_method}()  # site
""",
        )
CASES["arq.**.enqueue_job"] = (
    "broker",
    """
from arq import create_pool


async def place() -> None:
    pool = await create_pool()
    await pool.enqueue_job("notify", 1)  # site
""",
)
for _broker in (
    "taskiq.InMemoryBroker",
    "taskiq.ZeroMQBroker",
    "taskiq_redis.ListQueueBroker",
    "taskiq_redis.PubSubBroker",
    "taskiq_redis.RedisStreamBroker",
    "taskiq_aio_pika.AioPikaBroker",
    "taskiq_nats.NatsBroker",
    "taskiq_nats.PullBasedJetStreamBroker",
):
    _module, _, _class = _broker.rpartition(".")
    CASES[f"@{_broker}.task.kiq"] = (
        "broker",
        f"""
from {_module} import {_class}

broker = {_class}()


@broker.task
async def notify() -> None:
    pass


async def place() -> None:
    await notify.kiq()  # site
""",
    )
for _legacy in ("commit_on_success", "commit_manually"):
    CASES[f"django.db.transaction.{_legacy}"] = (
        "transaction",
        f"""
from django.db import transaction

with transaction.{_legacy}():  # site
    pass
""",
    )

ALL_PATTERNS = sorted({text for preset in PRESETS.values() for field in vars(preset).values() for text in field})


def test_every_preset_entry_has_a_case() -> None:
    assert sorted(CASES) == ALL_PATTERNS


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
def test_preset_entry_recognises_the_library_call(pattern: str) -> None:
    role, snippet = CASES[pattern]
    source = snippet.lstrip("\n")
    (line,) = [n for n, text in enumerate(source.splitlines(), start=1) if re.search(r"#\s*site\b", text)]
    project = project_of_sources({"example.py": source})
    roles = {role for site in project.calls.sites if site.step.span.line == line for role in site.roles}
    assert role in roles


def test_a_disabled_preset_recognises_nothing() -> None:
    _, snippet = CASES["kafka.KafkaProducer.send"]
    project = project_of_sources({"example.py": snippet}, '[dispatch]\ndisable-presets = ["kafka-python"]\n')
    assert not any("broker" in site.roles for site in project.calls.sites)
