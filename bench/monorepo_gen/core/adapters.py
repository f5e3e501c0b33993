"""How a service meets the world: command routes, consumers of upstream integration events, the broker's message adapter, and the planted listener to another context's domain events."""

from __future__ import annotations

from monorepo_gen.module import Module
from monorepo_gen.plan import Aggregate, Service
from monorepo_gen.templates.api import COMMAND_ROUTE, COMMAND_ROUTES, COMMAND_ROUTES_MODULE
from monorepo_gen.templates.handlers import (
    CONSUMER,
    CONSUMERS_MODULE,
    CROSSING_LISTENER,
    CROSSING_MODULE,
    MESSAGE_DECODER,
    MESSAGING_MODULE,
)
from monorepo_gen.text import camel, indented, lines_of, plural, snake, words
from monorepo_gen.vocabulary import IMPERATIVE


def command_routes(aggregate: Aggregate) -> str:
    """The HTTP routes changing ``aggregate``, one per use case."""
    name, var = aggregate.name, aggregate.var
    m = Module(COMMAND_ROUTES_MODULE.format(name=name))
    m.frm("collections.abc", "Mapping")
    m.frm(f"mono.{aggregate.service}.application.services.{var}_service", f"{name}ApplicationService")
    commands = f"mono.{aggregate.service}.application.commands"
    m.frm(commands, f"Create{name}Command")
    m.add(lines_of(COMMAND_ROUTES, name=name, var=var, what=words(var), path=plural(var).replace("_", "-")))
    for verb in aggregate.verbs[1:]:
        imp = IMPERATIVE[verb]
        command = f"{imp.capitalize()}{name}Command"
        m.frm(commands, command)
        m.add(
            lines_of(
                COMMAND_ROUTE,
                imp=imp,
                var=var,
                name=name,
                what=words(var),
                path=plural(var).replace("_", "-"),
                command=command,
                past=verb.lower(),
            )
        )
    return m.render()


def consumers(service: Service) -> str:
    """The consumers of the integration events ``service`` receives from upstream."""
    m = Module(CONSUMERS_MODULE.format(service=service.name))
    m.frm("mono.seedwork.mediator", "Mediator")
    m.frm("mono.seedwork.unit_of_work", "UnitOfWork")
    local = service.aggregates[0]
    m.frm(f"mono.{service.name}.infrastructure.repositories.{local.var}_repository", f"{local.name}Repository")
    for aggregate, verb in service.upstream:
        event = aggregate.integration_event(verb)
        m.frm(f"mono.contracts.{aggregate.service}", event)
        m.add(
            lines_of(
                CONSUMER,
                event=event,
                local=words(local.var),
                localname=local.name,
                what=words(aggregate.var),
                past=verb.lower(),
                upstream=aggregate.service,
                repo=local.repo_attr,
                lvar=local.var,
                var=aggregate.var,
            )
        )
    return m.render()


def messaging(service: Service) -> str:
    """The message adapter of ``service``: broker messages decoded and routed, by topic, to its consumers."""
    m = Module(MESSAGING_MODULE.format(service=service.name))
    m.imp("json")
    m.frm("collections.abc", "Mapping")
    m.frm("typing", "Any")
    m.frm("mono.seedwork.event_bus", "EventBus")
    init_params: list[str] = []
    init_body: list[str] = []
    branches: list[str] = []
    subscribe: list[str] = []
    decoders: list[str] = []
    for aggregate, verb in service.upstream:
        event = aggregate.integration_event(verb)
        consumer = f"{event}Consumer"
        attr = f"{snake(aggregate.name)}_{verb.lower()}"
        topic = f"{aggregate.service}.{aggregate.var.replace('_', '-')}-{verb.lower()}"
        m.frm(f"mono.contracts.{aggregate.service}", event)
        m.frm(f"mono.{service.name}.application.consumers", consumer)
        init_params.append(f"        {attr}: {consumer},")
        init_body.append(f"        self._{attr} = {attr}")
        branches += [
            f'        if topic == "{topic}":',
            f"            self._{attr}.handle(self._{attr}_from(data))",
            "            return True",
        ]
        subscribe.append(f"    event_bus.subscribe({event}, adapter._{attr})")
        decoders += lines_of(MESSAGE_DECODER, attr=attr, event=event, var=aggregate.var)
    m.add(_message_adapter(camel(service.name), init_params, init_body, branches, decoders))
    m.add(
        [
            f"def subscribe_consumers(event_bus: EventBus, adapter: {camel(service.name)}MessageAdapter) -> None:",
            '    """Register the consumers on the event bus, for in-memory test runs."""',
        ]
        + subscribe
    )
    return m.render()


def _message_adapter(
    service: str, parameters: list[str], assignments: list[str], routes: list[str], decoders: list[str]
) -> list[str]:
    """The class routing a service's broker messages to its consumers, from the lines each consumer adds."""
    return (
        [
            f"class {service}MessageAdapter:",
            '    """Routes broker messages, by topic, to the consumers of this service."""',
            "",
            "    def __init__(",
            "        self,",
        ]
        + parameters
        + ["    ) -> None:"]
        + assignments
        + [
            "        self.unknown_topics: dict[str, int] = {}",
            "",
            "    def dispatch(self, topic: str, body: bytes) -> bool:",
            '        """Decode one message and hand it to its consumer; return whether one took it."""',
            '        data = json.loads(body.decode("utf-8"))',
            "        if not isinstance(data, dict):",
            '            raise ValueError(f"message on {topic} is not an object")',
        ]
        + routes
        + ["        self.unknown_topics[topic] = self.unknown_topics.get(topic, 0) + 1", "        return False"]
        + indented(decoders)
    )


def crossing(service: Service, aggregate: Aggregate, verb: str) -> str:
    """A planted EVL201: ``service`` imports and handles a domain event of ``aggregate``'s context."""
    event = aggregate.domain_event(verb)
    m = Module(CROSSING_MODULE.format(service=service.name, things=words(plural(aggregate.var)), upstream=aggregate.service))
    m.frm_marked(f"mono.{aggregate.service}.domain.events", event, "expect: EVL201")
    m.add(
        lines_of(
            CROSSING_LISTENER,
            agg=aggregate.name,
            verb=verb,
            upstream=aggregate.service,
            var=aggregate.var,
            lower=verb.lower(),
            event=event,
            what=words(aggregate.var),
        )
    )
    return m.render()
