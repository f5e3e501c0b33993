"""The application layer of a service: its commands, one application service per aggregate, and its domain-event handlers."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plan import Aggregate, Plants, Service
from monorepo_gen.templates.handlers import DOMAIN_EVENT_HANDLER, DOMAIN_EVENT_HANDLERS_MODULE
from monorepo_gen.templates.services import (
    APPLICATION_SERVICE,
    APPLICATION_SERVICE_MODULE,
    BEFORE_COMMIT,
    COMMAND,
    COMMANDS_MODULE,
    CREATE_COMMAND,
    TO_BROKER,
    TO_MEDIATOR,
    USE_CASES,
)
from monorepo_gen.text import indented, lines_of, words
from monorepo_gen.vocabulary import IMPERATIVE


def commands(service: Service) -> str:
    """The commands of ``service``: one to create each aggregate, one per state transition."""
    m = Module(COMMANDS_MODULE.format(service=service.name))
    m.frm("dataclasses", "dataclass")
    for aggregate in service.aggregates:
        var = aggregate.var
        m.add(lines_of(CREATE_COMMAND, name=aggregate.name, what=words(var)))
        for verb in aggregate.verbs[1:]:
            m.add(lines_of(COMMAND, imp=IMPERATIVE[verb].capitalize(), name=aggregate.name, what=words(var), var=var))
    return m.render()


def application_service(rng: random.Random, plants: Plants, service: Service, aggregate: Aggregate) -> str:
    """The application service of ``aggregate``: a clean use case per transition, and the dispatch violations planted in it."""
    name, var = aggregate.name, aggregate.var
    m = Module(APPLICATION_SERVICE_MODULE.format(name=name))
    contracts = f"mono.contracts.{service.name}"
    m.frm("mono.seedwork.event_bus", "EventBus")
    m.frm("mono.seedwork.mediator", "Mediator")
    m.frm("mono.seedwork.outbox", "Outbox")
    m.frm("mono.seedwork.unit_of_work", "UnitOfWork")
    m.frm(aggregate.module, name)
    m.frm(f"mono.{service.name}.infrastructure.repositories.{var}_repository", f"{name}Repository")
    m.frm(f"mono.{service.name}.application.commands", f"Create{name}Command")
    m.frm(contracts, aggregate.integration_event("Created"))
    out = lines_of(
        APPLICATION_SERVICE,
        name=name,
        var=var,
        repo=aggregate.repo_attr,
        what=words(var),
        created=aggregate.integration_event("Created"),
    )
    for verb in aggregate.verbs[1:]:
        event = aggregate.integration_event(verb)
        m.frm(contracts, event)
        use_case = USE_CASES[rng.randrange(len(USE_CASES))]
        out += [""] + indented(_use_case(m, service, aggregate, verb, use_case, event))
    for planted, template, domain in (
        (plants.to_broker, TO_BROKER, True),
        (plants.to_mediator, TO_MEDIATOR, False),
        (plants.before_commit, BEFORE_COMMIT, False),
    ):
        for planted_aggregate, verb in planted.get(service.name, []):
            if planted_aggregate != aggregate:
                continue
            if domain:
                event = aggregate.domain_event(verb)
                m.frm(f"mono.{service.name}.domain.events", event)
            else:
                event = aggregate.integration_event(verb)
                m.frm(contracts, event)
            out += [""] + indented(_use_case(m, service, aggregate, verb, template, event))
    m.add(out)
    return m.render()


def _use_case(m: Module, service: Service, aggregate: Aggregate, verb: str, template: str, event: str) -> list[str]:
    """The method ``template`` makes of the transition ``verb``: it takes that verb's command and announces ``event``."""
    imp = IMPERATIVE[verb]
    command = f"{imp.capitalize()}{aggregate.name}Command"
    m.frm(f"mono.{service.name}.application.commands", command)
    return lines_of(
        template,
        imp=imp,
        var=aggregate.var,
        repo=aggregate.repo_attr,
        what=words(aggregate.var),
        past=verb.lower(),
        command=command,
        event=event,
        status=verb.lower(),
    )


def domain_event_handlers(rng: random.Random, service: Service) -> str:
    """Handlers of some of the domain events of ``service`` (always those of creation), and their registration."""
    m = Module(DOMAIN_EVENT_HANDLERS_MODULE.format(service=service.name))
    m.frm("mono.seedwork.mediator", "Mediator")
    registrations: list[str] = []
    for aggregate in service.aggregates:
        for verb in aggregate.verbs:
            if rng.random() < 0.45 and verb != "Created":
                continue
            event = aggregate.domain_event(verb)
            m.frm(f"mono.{service.name}.domain.events", event)
            handler = f"{event}Handler"
            m.add(
                lines_of(
                    DOMAIN_EVENT_HANDLER,
                    handler=handler,
                    what=words(aggregate.var),
                    past=verb.lower(),
                    event=event,
                    var=aggregate.var,
                )
            )
            registrations.append(f"    mediator.subscribe({event}, {handler}().handle)")
    m.add(
        [
            "def register_domain_event_handlers(mediator: Mediator) -> None:",
            f'    """Subscribe the {service.name} domain-event handlers to the mediator."""',
        ]
        + registrations
    )
    return m.render()
