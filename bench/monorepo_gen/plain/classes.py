"""Blocks that define classes of ordinary code: enumerations, exceptions, stores, accumulators, timers, caches, lifecycles and protocols."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.templates.classes import ACCUMULATOR, LIFECYCLE, LRU_CACHE, PROTOCOL, STORE, STORE_METHODS, TIMER
from monorepo_gen.templates.values import CONFLICT_ERROR, ENUM_METHODS, ERRORS
from monorepo_gen.text import camel, indented, lines_of, words
from monorepo_gen.vocabulary import ENUM_MEMBERS, ENUM_SUFFIXES


def block_enum(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """An enumeration with a parser and a derived property."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + rng.choice(ENUM_SUFFIXES)))
    members = rng.sample(ENUM_MEMBERS, rng.randint(3, 6))
    terminal = members[-rng.randint(1, 2) :]
    m.frm("enum", "Enum")
    base = "str, Enum" if rng.random() < 0.5 else "Enum"
    out = [f"class {name}({base}):", f'    """How a {words(noun)} is classified."""', ""]
    out += [f'    {member.upper()} = "{member}"' for member in members]
    methods = lines_of(ENUM_METHODS, terminal=", ".join(f"{name}.{t.upper()}" for t in terminal), cls=name, what=words(noun))
    m.add(out + [""] + indented(methods))


def block_exceptions(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A small exception hierarchy."""
    noun = ctx.noun(rng)
    base = m.export(m.unique(camel(noun) + "Error"))
    out = lines_of(ERRORS, base=base, base_stem=base[:-5], what=words(noun))
    m.names.add(base[:-5] + "NotFoundError")
    if rng.random() < 0.6:
        out += lines_of(CONFLICT_ERROR, base=base, base_stem=base[:-5], what=words(noun))
        m.names.add(base[:-5] + "ConflictError")
    m.add(out)


def block_store(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A record dataclass and an in-memory store of it."""
    noun = ctx.noun(rng)
    record = m.export(m.unique(camel(noun) + "Record"))
    store = m.export(m.unique(camel(noun) + rng.choice(["Store", "Registry", "Catalogue", "Cache"])))
    m.frm("dataclasses", "dataclass", "field")
    m.frm("datetime", "datetime")
    extra = rng.sample(["archive", "count_by_owner", "rename", "touch", "search"], rng.randint(1, 3))
    out = lines_of(STORE, record=record, store=store, what=words(noun), plural=words(noun).capitalize() + " records")
    for method in extra:
        out.append("")
        out.extend(indented(lines_of(STORE_METHODS[method])))
    m.add(out)


def block_accumulator(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A mutable dataclass collecting measurements."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + rng.choice(["Stats", "Tally", "Meter", "Histogram"])))
    m.frm("dataclasses", "dataclass", "field")
    m.imp("statistics")
    m.add(lines_of(ACCUMULATOR, name=name, what=words(noun), ceiling=rng.choice(["1000.0", "60.0", "1e6", "250.0"])))


def block_timer(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A context manager class."""
    name = m.export(m.unique(rng.choice(["Stopwatch", "Timer", "Elapsed", "Timing"])))
    m.imp("time")
    m.frm("types", "TracebackType")
    m.add(lines_of(TIMER, name=name, label=ctx.topic.replace("_", "-")))


def block_lru(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """An OrderedDict-based cache."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "LruCache"))
    m.frm("collections", "OrderedDict")
    m.frm("typing", "Generic", "TypeVar")
    for var in ("_K", "_V"):
        m.declare(var, f'{var} = TypeVar("{var}")')
    m.add(lines_of(LRU_CACHE, name=name, what=words(noun), cap=rng.choice([128, 256, 1024, 4096])))


def block_state_machine(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A transition table and a class enforcing it."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "Lifecycle"))
    const = m.unique(f"_{noun.upper()}_TRANSITIONS")
    states = rng.sample(ENUM_MEMBERS, 4)
    table = {states[0]: [states[1], states[3]], states[1]: [states[2], states[3]], states[2]: [states[3]], states[3]: []}
    rows = [
        f'    "{state}": frozenset({{{", ".join(repr(t) for t in targets)}}}),' if targets else f'    "{state}": frozenset(),'
        for state, targets in table.items()
    ]
    m.add([f"{const}: dict[str, frozenset[str]] = {{"] + [row.replace("'", '"') for row in rows] + ["}"])
    m.add(lines_of(LIFECYCLE, name=name, what=words(noun), const=const, initial=states[0]))


def block_protocol(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A Protocol with a default implementation."""
    noun = ctx.noun(rng)
    proto = m.export(m.unique(camel(noun) + rng.choice(["Source", "Provider", "Lookup", "Gateway"])))
    impl = m.export(m.unique("Static" + proto))
    m.frm("typing", "Protocol")
    m.add(lines_of(PROTOCOL, proto=proto, impl=impl, what=words(noun)))
