"""The plan of the monorepo, drawn before any file is written: its services, their aggregates, and the violations to plant."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from monorepo_gen.text import plural, snake
from monorepo_gen.vocabulary import SERVICE_TABLE, VERBS


@dataclass(frozen=True)
class Aggregate:
    """An aggregate root of a service and the past-tense verbs of its domain events."""

    service: str
    name: str
    verbs: tuple[str, ...]

    @property
    def var(self) -> str:
        """The variable naming one instance: ``order``."""
        return snake(self.name)

    @property
    def repo_attr(self) -> str:
        """The attribute holding the repository: ``orders``."""
        return plural(self.var)

    @property
    def module(self) -> str:
        """The dotted module defining the aggregate."""
        return f"mono.{self.service}.domain.{self.var}"

    def domain_event(self, verb: str) -> str:
        """``OrderArchivedDomainEvent``."""
        return f"{self.name}{verb}DomainEvent"

    def integration_event(self, verb: str) -> str:
        """``OrderArchivedIntegrationEvent``."""
        return f"{self.name}{verb}IntegrationEvent"


@dataclass
class Service:
    """A bounded context of the monorepo."""

    name: str
    aggregates: tuple[Aggregate, ...]
    nouns: tuple[str, ...]
    upstream: list[tuple[Aggregate, str]] = field(default_factory=list)


@dataclass
class Plants:
    """The violations to plant, by where they go."""

    # service -> (aggregate, verb) of the methods to add to its application services.
    to_broker: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL202
    to_mediator: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL301
    before_commit: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL302
    # importing service -> foreign (aggregate, verb) whose domain event it handles.
    crossing: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL201
    # service -> aggregates given an extra, misnamed class in its domain/events.py.
    command_named: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL104
    unsuffixed_domain: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL101
    baseless: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL105
    # service -> changes to its contracts module.
    exposing: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL303
    unsuffixed_integration: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL102
    domain_in_contracts: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL203
    expected: Counter[str] = field(default_factory=Counter)


def plan_services(rng: random.Random, count: int) -> list[Service]:
    """The first ``count`` services of the table, each with its aggregates and the upstream events it consumes."""
    services: list[Service] = []
    for name, aggregate_names, nouns in SERVICE_TABLE[:count]:
        chosen = aggregate_names[: rng.randint(2, len(aggregate_names))]
        aggregates = tuple(
            Aggregate(name, aggregate, ("Created",) + tuple(past for past, _ in rng.sample(VERBS, rng.randint(2, 4))))
            for aggregate in chosen
        )
        services.append(Service(name, aggregates, nouns))
    for service in services:
        others = [other for other in services if other is not service]
        for upstream in rng.sample(others, min(len(others), rng.randint(1, 3))):
            aggregate = rng.choice(upstream.aggregates)
            for verb in rng.sample(aggregate.verbs, rng.randint(1, 2)):
                service.upstream.append((aggregate, verb))
    return services


def plan_plants(rng: random.Random, services: list[Service]) -> Plants:
    """The violations to plant in ``services``, and how many of each code eventlint must report."""
    plants = Plants()
    n = len(services)
    edit_aggregate = services[0].aggregates[0]
    candidates = [
        (service.name, aggregate, verb)
        for service in services
        for aggregate in service.aggregates
        if aggregate != edit_aggregate
        for verb in aggregate.verbs[1:]
    ]

    def pick(target: dict[str, list[tuple[Aggregate, str]]], count: int, code: str) -> None:
        for service, aggregate, verb in rng.sample(candidates, min(count, len(candidates))):
            target.setdefault(service, []).append((aggregate, verb))
            plants.expected[code] += 1

    pick(plants.to_broker, max(1, n // 3), "EVL202")
    pick(plants.to_mediator, max(1, n // 3), "EVL301")
    pick(plants.before_commit, max(1, n // 2), "EVL302")
    pick(plants.exposing, max(1, n // 4), "EVL303")
    for _ in range(max(2, n // 2)):
        importer = rng.choice(services)
        other = rng.choice([service for service in services if service is not importer])
        aggregate = rng.choice(other.aggregates)
        verb = rng.choice(aggregate.verbs)
        if (aggregate, verb) in plants.crossing.get(importer.name, []):
            continue
        plants.crossing.setdefault(importer.name, []).append((aggregate, verb))
        plants.expected["EVL201"] += 2

    def pick_aggregates(target: dict[str, list[Aggregate]], count: int, code: str) -> None:
        pool = [aggregate for service in services for aggregate in service.aggregates]
        for aggregate in rng.sample(pool, min(count, len(pool))):
            target.setdefault(aggregate.service, []).append(aggregate)
            plants.expected[code] += 1

    pick_aggregates(plants.command_named, max(1, n // 4), "EVL104")
    pick_aggregates(plants.unsuffixed_domain, max(1, n // 4), "EVL101")
    pick_aggregates(plants.baseless, max(1, n // 6), "EVL105")
    pick_aggregates(plants.unsuffixed_integration, max(1, n // 6), "EVL102")
    pick_aggregates(plants.domain_in_contracts, max(1, n // 6), "EVL203")
    return plants
