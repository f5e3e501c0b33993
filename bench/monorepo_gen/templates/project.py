"""The files around the code: the eventlint configuration, the README, and the docstrings of the packages and plain modules."""

from __future__ import annotations

CONFIG = """\
# eventlint configuration of the generated benchmark monorepo.
src = ["src"]

[events]
domain-bases = ["mono.seedwork.events.DomainEvent"]
integration-bases = ["mono.seedwork.events.IntegrationEvent"]
{contexts}
[context-map]
published-language = ["mono.contracts"]

[dispatch]
broker = ["*.event_bus.publish"]
local = ["*.mediator.publish"]
outbox = ["*.outbox.add"]
commit = ["*.uow.commit"]
"""

#: One bounded context in ``CONFIG``.
CONTEXT = """
[contexts.{name}]
modules = ["mono.{name}"]
"""

README = """\
# mono

A generated event-driven monorepo used to benchmark eventlint.

Bounded contexts: {names}.

Planted violations are marked on their lines with `# expect: EVLnnn`.
"""

ROOT_PACKAGE = '"""The monorepo: one package per bounded context, plus the seedwork and contracts."""\n'

CONTRACTS_PACKAGE = '''\
"""The published language: the integration events services exchange through the broker.

One module per publishing service. Fields are primitive, stable values;
no class of a bounded context's model appears here.
"""
'''

#: The packages of a service (relative to it) and their docstrings.
SERVICE_PACKAGES = {
    "": "The {svc} service: a bounded context of the monorepo.",
    "domain": "The {svc} domain model: aggregates, domain events, value objects and policies.",
    "domain/value_objects": "Value objects of the {svc} context.",
    "domain/policies": "Business policies of the {svc} context.",
    "application": "Use cases of the {svc} service: commands, queries, services and event handlers.",
    "application/services": "Application services of the {svc} service, one per aggregate.",
    "application/queries": "Read-side queries of the {svc} service.",
    "infrastructure": "Adapters of the {svc} service: persistence, messaging, workers and clients.",
    "infrastructure/repositories": "Repositories and table access of the {svc} service.",
    "infrastructure/mappers": "Row mappers of the {svc} service.",
    "infrastructure/workers": "Background workers of the {svc} service.",
    "infrastructure/clients": "Clients of the external systems the {svc} service talks to.",
    "api": "The HTTP API of the {svc} service.",
    "api/routes": "Route functions of the {svc} API.",
    "api/schemas": "Request and response schemas of the {svc} API.",
    "utils": "Small helpers of the {svc} service.",
    "tests": "Tests of the {svc} service.",
}

#: What each kind of plain module holds: the docstring of one.
PLAIN_MODULES = {
    "value_objects": "Value objects of the {svc} context: {topic}.",
    "policies": "Business policies of the {svc} context about {topic}.",
    "queries": "Read-side queries of the {svc} service: {topic}.\n\nQueries read the denormalised views; they never change state.",
    "repositories": "Table access for {topic} in the {svc} service.\n\nEvery method runs in the caller's database transaction unless it says otherwise.",
    "mappers": "Row mappers between the {svc} tables and {topic} values.",
    "workers": "Background processing of {topic} in the {svc} service.",
    "clients": "Clients of external systems used by the {svc} service for {topic}.",
    "routes": "HTTP routes of the {svc} API: {topic}.",
    "schemas": "Request and response schemas of the {svc} API: {topic}.",
    "utils": "Helpers of the {svc} service: {topic}.",
    "tests": "Tests of the {svc} service: {topic}.",
}

#: Added to a few plain modules' docstrings.
PURE_COMPUTATION = "\n\nNothing here opens a transaction or publishes anything: it is pure computation."
