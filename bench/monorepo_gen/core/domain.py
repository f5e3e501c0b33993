"""The domain model of a service: its domain package, its domain events (with the planted misnamed ones), each aggregate and its repository."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plan import Aggregate, Plants, Service
from monorepo_gen.templates.domain import AGGREGATE, AGGREGATE_MODULE, REPOSITORY, REPOSITORY_MODULE, TRANSITION
from monorepo_gen.templates.events import (
    BASELESS_EVENT,
    COMMAND_NAMED_EVENT,
    DOMAIN_EVENT,
    DOMAIN_EVENTS_MODULE,
    UNSUFFIXED_DOMAIN_EVENT,
)
from monorepo_gen.text import indented, lines_of, plural, words
from monorepo_gen.vocabulary import BARE_PASTS, BASELESS_PASTS, COMMAND_LIKE, IMPERATIVE


def domain_package(service: Service, doc: str) -> str:
    """The domain package's ``__init__``: it exports the aggregates and their domain events."""
    m = Module(doc)
    names: list[str] = []
    for aggregate in service.aggregates:
        m.frm(f".{aggregate.var}", aggregate.name)
        names.append(aggregate.name)
        events = [aggregate.domain_event(verb) for verb in aggregate.verbs]
        m.frm(".events", *events)
        names += events
    m.add(["__all__ = ["] + [f'    "{name}",' for name in sorted(names)] + ["]"])
    return m.render()


def domain_events(plants: Plants, service: Service) -> str:
    """The ``domain/events.py`` of ``service``, with the misnamed events planted in it."""
    m = Module(DOMAIN_EVENTS_MODULE.format(service=service.name))
    m.frm("dataclasses", "dataclass")
    m.frm("mono.seedwork.events", "DomainEvent")
    for aggregate in service.aggregates:
        for verb in aggregate.verbs:
            block = lines_of(
                DOMAIN_EVENT, cls=aggregate.domain_event(verb), what=words(aggregate.var), past=verb.lower(), var=aggregate.var
            )
            m.add(block)
    for aggregate in plants.command_named.get(service.name, []):
        prefix = COMMAND_LIKE[len(aggregate.name) % len(COMMAND_LIKE)]
        m.add(lines_of(COMMAND_NAMED_EVENT, prefix=prefix, agg=aggregate.name, what=words(aggregate.var), var=aggregate.var))
    for aggregate in plants.unsuffixed_domain.get(service.name, []):
        past = BARE_PASTS[len(aggregate.name) % len(BARE_PASTS)]
        m.add(
            lines_of(
                UNSUFFIXED_DOMAIN_EVENT,
                agg=aggregate.name,
                past=past,
                lower=past.lower(),
                what=words(aggregate.var),
                var=aggregate.var,
            )
        )
    for aggregate in plants.baseless.get(service.name, []):
        past = BASELESS_PASTS[len(aggregate.name) % len(BASELESS_PASTS)]
        m.add(
            lines_of(
                BASELESS_EVENT, agg=aggregate.name, past=past, lower=past.lower(), what=words(aggregate.var), var=aggregate.var
            )
        )
    return m.render()


def aggregate_root(rng: random.Random, aggregate: Aggregate) -> str:
    """The module of ``aggregate``: its error, its root class and one method per state transition."""
    name, var = aggregate.name, aggregate.var
    m = Module(AGGREGATE_MODULE.format(name=name, service=aggregate.service))
    m.frm("mono.seedwork.domain", "AggregateRoot")
    m.frm(".events", *(aggregate.domain_event(verb) for verb in aggregate.verbs))
    statuses = {verb: verb.lower() for verb in aggregate.verbs}
    out = lines_of(AGGREGATE, name=name, var=var, what=words(var), created=aggregate.domain_event("Created"))
    for verb in aggregate.verbs[1:]:
        forbidden = rng.choice([s for s in statuses.values() if s != verb.lower()] + ["new"])
        transition = lines_of(
            TRANSITION,
            imp=IMPERATIVE[verb],
            what=words(var),
            past=verb.lower(),
            status=statuses[verb],
            name=name,
            forbidden=forbidden,
            event=aggregate.domain_event(verb),
            var=var,
        )
        out += [""] + indented(transition)
    m.add(out)
    return m.render()


def repository(aggregate: Aggregate) -> str:
    """The repository of ``aggregate``: an abstract one and one in memory."""
    name, var = aggregate.name, aggregate.var
    m = Module(REPOSITORY_MODULE.format(name=name))
    m.frm("abc", "ABC", "abstractmethod")
    m.frm(aggregate.module, name)
    m.add(lines_of(REPOSITORY, name=name, var=var, what=words(var), plural=words(plural(var)).capitalize()))
    return m.render()
