"""Blocks proper to one kind of module: domain policies, read-side queries, background workers and API routes."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.templates.api import INT_PARAM, RESOURCE_ROUTES
from monorepo_gen.templates.domain import POLICY
from monorepo_gen.templates.services import QUERY
from monorepo_gen.templates.workers import ASYNC_WORKER, BATCH_WORKER, THREAD_WORKER
from monorepo_gen.text import camel, lines_of, plural, words
from monorepo_gen.vocabulary import QUALIFIERS


def block_policy(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A domain policy with thresholds."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(rng.choice(QUALIFIERS)) + camel(noun) + "Policy"))
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Mapping")
    m.add(
        lines_of(
            POLICY,
            name=name,
            what=words(noun),
            minimum=rng.randint(0, 5),
            maximum=rng.choice([10, 50, 100, 1000]),
            blocked=", ".join(f'"{r}"' for r in rng.sample(["xx", "zz", "kp", "ir", "sy", "cu"], 2)),
        )
    )


def block_query(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A query object and the read-model handler answering it."""
    noun = ctx.noun(rng)
    query = m.export(m.unique(f"Find{camel(plural(noun))}Query"))
    handler = m.export(m.unique(f"Find{camel(plural(noun))}"))
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Sequence")
    m.add(lines_of(QUERY, query=query, handler=handler, what=words(noun), limit=rng.choice([20, 50, 100])))


def block_worker(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A background worker; one in forty uses threading.Event, one in forty asyncio.Event."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + rng.choice(["Worker", "Sweeper", "Poller", "Janitor"])))
    flavour = ctx.counters["workers"] % 40
    ctx.counters["workers"] += 1
    m.imp("logging")
    m.frm("collections.abc", "Callable")
    m.declare("_logger", "_logger = logging.getLogger(__name__)")
    values = {
        "name": name,
        "what": words(noun),
        "interval": rng.choice(["1.0", "5.0", "15.0", "60.0"]),
        "batch": rng.choice([10, 50, 100, 500]),
    }
    if flavour == 0:
        m.imp("threading")
        m.add(lines_of(THREAD_WORKER, **values))
    elif flavour == 20:
        m.imp("asyncio")
        m.frm("collections.abc", "Awaitable")
        m.add(lines_of(ASYNC_WORKER, **values))
    else:
        m.imp("time")
        m.add(lines_of(BATCH_WORKER, **values))


def block_route_helpers(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Query-string helpers shared by the route functions of a module."""
    m.frm("collections.abc", "Mapping")
    m.names.update({"_int_param", "_ROWS"})
    m.add(["_ROWS: dict[str, dict[str, str]] = {}"])
    m.add(lines_of(INT_PARAM, max=rng.choice([1000, 10_000])))


def block_routes(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Route functions of a REST resource."""
    noun = ctx.noun(rng)
    path = f"/{ctx.service}/{plural(noun).replace('_', '-')}"
    list_fn = m.export(m.unique(f"list_{plural(noun)}"))
    get_fn = m.export(m.unique(f"get_{noun}"))
    put_fn = m.export(m.unique(f"put_{noun}"))
    m.add(
        lines_of(
            RESOURCE_ROUTES,
            list_fn=list_fn,
            get_fn=get_fn,
            put_fn=put_fn,
            path=path,
            what=words(noun),
            per=rng.choice([20, 25, 50]),
            status=rng.choice(["active", "draft", "pending"]),
        )
    )
