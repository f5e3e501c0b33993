"""A service's module of the published language: its integration events, with the planted violations of the contracts."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plan import Plants, Service
from monorepo_gen.templates.events import (
    CONTRACTS_MODULE,
    DOMAIN_EVENT_IN_CONTRACTS,
    INTEGRATION_EVENT,
    PUBLIC_SUMMARY,
    UNSUFFIXED_INTEGRATION_EVENT,
)
from monorepo_gen.text import lines_of, words
from monorepo_gen.vocabulary import UNSUFFIXED_PASTS


def contracts(rng: random.Random, plants: Plants, service: Service) -> str:
    """``mono/contracts/<service>.py``: an integration event per domain event, some with a public summary."""
    m = Module(CONTRACTS_MODULE.format(service=service.name))
    m.frm("dataclasses", "dataclass")
    m.frm("mono.seedwork.events", "IntegrationEvent")
    exposing = {(aggregate, verb) for aggregate, verb in plants.exposing.get(service.name, [])}
    for aggregate in service.aggregates:
        summary = ""
        if rng.random() < 0.4:
            summary = f"{aggregate.name}Summary"
            m.add(lines_of(PUBLIC_SUMMARY, summary=summary, what=words(aggregate.var)))
        for verb in aggregate.verbs:
            block = lines_of(
                INTEGRATION_EVENT,
                cls=aggregate.integration_event(verb),
                what=words(aggregate.var),
                past=verb.lower(),
                var=aggregate.var,
            )
            if summary and verb == "Created":
                block.append(f"    summary: {summary} | None = None")
            if (aggregate, verb) in exposing:
                m.frm(aggregate.module, aggregate.name)
                block.append(f"    snapshot: {aggregate.name} | None = None  # expect: EVL303")
            m.add(block)
    for aggregate in plants.unsuffixed_integration.get(service.name, []):
        past = UNSUFFIXED_PASTS[len(aggregate.name) % len(UNSUFFIXED_PASTS)]
        m.add(
            lines_of(
                UNSUFFIXED_INTEGRATION_EVENT,
                cls=f"{aggregate.name}{past}",
                what=words(aggregate.var),
                past=past.lower(),
                var=aggregate.var,
            )
        )
    for aggregate in plants.domain_in_contracts.get(service.name, []):
        m.frm("mono.seedwork.events", "DomainEvent")
        m.add(
            lines_of(
                DOMAIN_EVENT_IN_CONTRACTS,
                cls=f"{aggregate.name}SnapshotRecordedDomainEvent",
                what=words(aggregate.var),
                var=aggregate.var,
            )
        )
    return m.render()
