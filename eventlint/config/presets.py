"""Built-in call patterns for common broker and database libraries.

Data only, one entry per library, each pattern named after the library's
public API. A pattern is a fully qualified name as the user's code reaches it
(`kafka.KafkaProducer.send`: a method of an instance made by
`kafka.KafkaProducer(...)`); `lib.**.method` matches any chain of calls and
attributes that starts at `lib` and ends with `.method`
(`pika.BlockingConnection(...).channel().basic_publish`); `@deco.method` is
`method` called on a function decorated with `deco` (`@app.task` then
`send_email.delay(...)`); `@deco.hop().method` is `method` called on what
`hop(...)` of such a function returns (`@app.task` then
`send_email.s(...).apply_async()`: a Celery signature). `__call__` as the
method is a call of the object itself: `@deco.__call__` is a call of the
decorated function (`@huey.task()` then `send_email(...)`, which enqueues
it), `lib.Class.__call__` a call of an instance `lib.Class(...)` made
(`chord(header)(callback)`, `chain(...)()`).
"""

from __future__ import annotations

from dataclasses import dataclass

from eventlint.model import Role

# Django's calls, whose timing EVL302's fix knows: `on_commit` runs its callback when the outermost `atomic()` commits.
DJANGO_ATOMIC = "django.db.transaction.atomic"
DJANGO_ON_COMMIT = "django.db.transaction.on_commit"


# huey's queues, as `huey` exports them.
HUEY_CLASSES = (
    "Huey",
    "RedisHuey",
    "RedisExpireHuey",
    "PriorityRedisHuey",
    "PriorityRedisExpireHuey",
    "SqliteHuey",
    "MemoryHuey",
    "FileHuey",
    "BlackHoleHuey",
)


@dataclass(frozen=True)
class Preset:
    """The call patterns one library contributes, by what the call does: one field per `Role`, named by its value."""

    broker: tuple[str, ...] = ()
    local: tuple[str, ...] = ()
    outbox: tuple[str, ...] = ()
    commit: tuple[str, ...] = ()
    transaction: tuple[str, ...] = ()
    after_commit: tuple[str, ...] = ()
    subscriber: tuple[str, ...] = ()  # decorators registering a function as an event handler

    def patterns(self, role: Role) -> tuple[str, ...]:
        """The patterns of one role."""
        found: tuple[str, ...] = getattr(self, role.value)
        return found


RQ_ENQUEUE = ("enqueue", "enqueue_call", "enqueue_in", "enqueue_at")

PRESETS: dict[str, Preset] = {
    # KafkaProducer.send(topic, value=..., key=...)
    "kafka-python": Preset(broker=("kafka.KafkaProducer.send",)),
    # Producer.produce(topic, value=...); SerializingProducer too
    "confluent-kafka": Preset(broker=("confluent_kafka.Producer.produce", "confluent_kafka.SerializingProducer.produce")),
    # await AIOKafkaProducer.send(topic, value) / send_and_wait(...)
    "aiokafka": Preset(broker=("aiokafka.AIOKafkaProducer.send", "aiokafka.AIOKafkaProducer.send_and_wait")),
    # connection.channel().basic_publish(exchange, routing_key, body)
    "pika": Preset(broker=("pika.**.basic_publish",)),
    # (await connection.channel()).default_exchange.publish(Message(...), routing_key)
    "aio-pika": Preset(broker=("aio_pika.**.publish",)),
    # Producer(channel).publish(body, exchange=..., routing_key=...)
    "kombu": Preset(broker=("kombu.**.publish",)),
    # app.send_task(name, args=...); a task's .delay(...) / .apply_async(...); its signatures
    # (task.s(...) / .si(...) / .signature(...)) and canvas (signature, chain, group, chord) sent
    "celery": Preset(
        broker=(
            "celery.Celery.send_task",
            *(
                f"@{decorator}.{hop}{method}"
                for decorator in ("celery.Celery.task", "celery.shared_task", "celery.app.shared_task")
                for hop in ("", "s().", "si().", "signature().")
                for method in ("delay", "apply_async")
            ),
            "celery.**.delay",
            "celery.**.apply_async",
            # calling a chain, group or chord applies it async (calling a signature runs the task here: no send)
            *(f"{module}.{canvas}.__call__" for module in ("celery", "celery.canvas") for canvas in ("chain", "group", "chord")),
        )
    ),
    # @huey.task() / @huey.periodic_task(...) (or djhuey's @db_task() ...) then my_task(...), which enqueues it,
    # or my_task.schedule(...); huey.enqueue(my_task.s(...))
    "huey": Preset(
        broker=(
            *(
                f"@{decorator}.{method}"
                for decorator in (
                    *(
                        f"{owner}.{kind}"
                        for owner in (*(f"huey.{name}" for name in HUEY_CLASSES), "huey.contrib.djhuey.HUEY")
                        for kind in ("task", "periodic_task")
                    ),
                    *(f"huey.contrib.djhuey.{kind}" for kind in ("task", "periodic_task", "db_task", "db_periodic_task")),
                )
                for method in ("__call__", "schedule")
            ),
            *(f"huey.{name}.enqueue" for name in HUEY_CLASSES),
        )
    ),
    # nc = await nats.connect(...); await nc.publish(subject, payload); JetStream too
    "nats-py": Preset(broker=("nats.**.publish",)),
    # redis.Redis(...).publish(channel, message); redis.asyncio as well
    "redis": Preset(broker=("redis.**.publish",)),
    # broker.publish(message, topic/queue/subject) for every FastStream broker
    "faststream": Preset(broker=("faststream.**.publish",)),
    # an actor's .send(...) / .send_with_options(...)
    "dramatiq": Preset(broker=("@dramatiq.actor.send", "@dramatiq.actor.send_with_options")),
    # Queue(connection=...).enqueue(f, ...) / enqueue_call / enqueue_in / enqueue_at
    # Queue(...).enqueue(f, ...) and the like; a function decorated with `@job(...)` sent by `.delay(...)`
    "rq": Preset(
        broker=(
            *(f"rq.Queue.{method}" for method in RQ_ENQUEUE),
            *(f"@{decorator}.delay" for decorator in ("rq.decorators.job", "rq.job")),
        )
    ),
    # django_rq.enqueue(f, ...), django_rq.get_queue(name).enqueue(...), `@django_rq.job` then `.delay(...)`
    "django-rq": Preset(
        broker=(
            "django_rq.enqueue",
            *(f"django_rq.**.{method}" for method in RQ_ENQUEUE),
            *(f"@{decorator}.delay" for decorator in ("django_rq.job", "django_rq.decorators.job")),
        )
    ),
    # pool = await create_pool(...); await pool.enqueue_job("name", ...)
    "arq": Preset(broker=("arq.**.enqueue_job",)),
    # @broker.task then await my_task.kiq(...), for the brokers of taskiq and its plugins
    "taskiq": Preset(
        broker=tuple(
            f"@{broker}.task.kiq"
            for broker in (
                "taskiq.InMemoryBroker",
                "taskiq.ZeroMQBroker",
                "taskiq_redis.ListQueueBroker",
                "taskiq_redis.PubSubBroker",
                "taskiq_redis.RedisStreamBroker",
                "taskiq_aio_pika.AioPikaBroker",
                "taskiq_nats.NatsBroker",
                "taskiq_nats.PullBasedJetStreamBroker",
            )
        )
    ),
    # PublisherClient().publish(topic_path, data)
    "google-cloud-pubsub": Preset(
        broker=("google.cloud.pubsub_v1.PublisherClient.publish", "google.cloud.pubsub.PublisherClient.publish")
    ),
    # boto3.client("sns").publish / publish_batch, ("sqs").send_message(_batch), ("events").put_events
    "boto3": Preset(
        broker=(
            "boto3.**.publish",
            "boto3.**.publish_batch",
            "boto3.**.send_message",
            "boto3.**.send_message_batch",
            "boto3.**.put_events",
        )
    ),
    # client.get_queue_sender(...).send_messages(ServiceBusMessage(...)), sync and aio
    "azure-servicebus": Preset(broker=("azure.servicebus.**.send_messages",)),
    # Session / AsyncSession / Connection .commit(); `with session.begin():`, `with engine.begin():`
    "sqlalchemy": Preset(commit=("sqlalchemy.**.commit",), transaction=("sqlalchemy.**.begin",)),
    # db = SQLAlchemy(app); db.session.commit(); `with db.session.begin():`
    "flask-sqlalchemy": Preset(commit=("flask_sqlalchemy.**.commit",), transaction=("flask_sqlalchemy.**.begin",)),
    # transaction.atomic (with and decorator; before Django 1.6 commit_on_success / commit_manually),
    # transaction.on_commit(callback), transaction.commit()
    "django": Preset(
        commit=("django.db.transaction.commit",),
        transaction=(DJANGO_ATOMIC, "django.db.transaction.commit_on_success", "django.db.transaction.commit_manually"),
        after_commit=(DJANGO_ON_COMMIT,),
    ),
    # async with connection.transaction(): ...; tr = conn.transaction(); await tr.commit()
    "asyncpg": Preset(commit=("asyncpg.**.commit",), transaction=("asyncpg.**.transaction",)),
}
