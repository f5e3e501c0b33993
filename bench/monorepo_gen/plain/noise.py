"""Blocks that say ``send``, ``commit``, ``transaction`` or ``publish`` in senses eventlint must not mistake for dispatch."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.templates.noise import (
    CARD_TRANSACTIONS,
    CHANGELOG,
    CONNECTION,
    HTTP_CLIENT,
    PUBLISH_REPORT,
    RATE_LIMITER,
    SOCKET_CLIENT,
    TABLE,
)
from monorepo_gen.text import camel, lines_of, plural, words


def block_socket_client(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A TCP client whose ``send`` is a socket's."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "SocketClient"))
    m.imp("socket")
    m.add(
        lines_of(
            SOCKET_CLIENT,
            name=name,
            what=words(noun),
            port=rng.choice([7000, 8125, 9000, 2003, 5140]),
            timeout=rng.choice(["1.0", "2.0", "5.0"]),
        )
    )


def block_changelog(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A git-like snapshot log whose ``commit`` has nothing to do with a database."""
    noun = ctx.noun(rng)
    commit_cls = m.export(m.unique(camel(noun) + "Revision"))
    log_cls = m.export(m.unique(camel(noun) + "ChangeLog"))
    m.frm("dataclasses", "dataclass")
    m.imp("hashlib")
    m.add(lines_of(CHANGELOG, commit=commit_cls, log=log_cls, what=words(noun), short=rng.choice([7, 8, 10])))


def block_card_transactions(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Card transactions of a settlement file: "transaction" in the banking sense."""
    noun = ctx.noun(rng)
    txn = m.export(m.unique("Card" + rng.choice(["Transaction", "Txn"])))
    fn = m.export(m.unique(f"reconcile_{noun}_transactions"))
    m.frm("dataclasses", "dataclass")
    m.frm("decimal", "Decimal")
    m.frm("collections.abc", "Iterable")
    m.add(lines_of(CARD_TRANSACTIONS, txn=txn, fn=fn))


def block_publish_report(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Publishing a report to a folder: "publish" in the documents sense."""
    noun = ctx.noun(rng)
    fn = m.export(m.unique(f"publish_{noun}_report"))
    m.frm("pathlib", "Path")
    m.frm("collections.abc", "Sequence")
    m.add(lines_of(PUBLISH_REPORT, fn=fn, what=words(noun), title=f"{camel(noun)} report"))


def block_sql_repository(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A DB-API repository; its connection commits, which is no unit of work."""
    noun = ctx.noun(rng)
    table = plural(noun)
    proto = "Connection" if "Connection" not in m.names else m.unique("Connection")
    if proto == "Connection":
        m.names.add(proto)
        m.frm("typing", "Any", "Protocol")
        m.add(lines_of(CONNECTION))
    name = m.export(m.unique(camel(noun) + "Table"))
    m.add(lines_of(TABLE, name=name, table=table, min=rng.choice([1, 7, 30])))


def block_http_client(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """An urllib-based client with timeouts and JSON decoding."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "HttpClient"))
    m.imp("json")
    m.imp("urllib.parse")
    m.imp("urllib.request")
    m.frm("typing", "Any")
    m.add(
        lines_of(
            HTTP_CLIENT,
            name=name,
            what=words(noun),
            plural=plural(noun),
            path=plural(noun).replace("_", "-"),
            timeout=rng.choice(["3.0", "5.0", "10.0"]),
        )
    )


def block_rate_limiter(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A token bucket."""
    name = m.export(m.unique(rng.choice(["TokenBucket", "RateLimiter", "Throttle"])))
    m.imp("time")
    m.add(lines_of(RATE_LIMITER, name=name, rate=rng.choice(["5.0", "10.0", "50.0"]), burst=rng.choice([5, 10, 20])))
