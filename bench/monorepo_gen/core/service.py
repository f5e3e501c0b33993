"""Every event-related file of one service, in the order their random choices are drawn."""

from __future__ import annotations

import random

from monorepo_gen.core.adapters import command_routes, consumers, crossing, messaging
from monorepo_gen.core.application import application_service, commands, domain_event_handlers
from monorepo_gen.core.contracts import contracts
from monorepo_gen.core.domain import aggregate_root, domain_events, domain_package, repository
from monorepo_gen.plan import Aggregate, Plants, Service
from monorepo_gen.templates.project import SERVICE_PACKAGES
from monorepo_gen.tree import Tree


def service_path(aggregate: Aggregate) -> str:
    """Where the application service of ``aggregate`` lives."""
    return f"src/mono/{aggregate.service}/application/services/{aggregate.var}_service.py"


def handlers_path(service: Service) -> str:
    """Where the handlers of the domain events of ``service`` live (no module imports them)."""
    return f"src/mono/{service.name}/application/domain_event_handlers.py"


def write_core(tree: Tree, rng: random.Random, plants: Plants, service: Service) -> None:
    """Add the contracts module and the packages, domain, application and adapters of ``service`` to ``tree``."""
    tree.put(f"src/mono/contracts/{service.name}.py", contracts(rng, plants, service))
    base = f"src/mono/{service.name}"
    for package, template in SERVICE_PACKAGES.items():
        doc = template.format(svc=service.name)
        path = f"{base}/{package}/__init__.py" if package else f"{base}/__init__.py"
        if package == "domain":
            tree.put(path, domain_package(service, doc))
        else:
            tree.put(path, f'"""{doc}"""\n')
    tree.put(f"{base}/domain/events.py", domain_events(plants, service))
    for aggregate in service.aggregates:
        tree.put(f"{base}/domain/{aggregate.var}.py", aggregate_root(rng, aggregate))
        tree.put(f"{base}/infrastructure/repositories/{aggregate.var}_repository.py", repository(aggregate))
        tree.put(service_path(aggregate), application_service(rng, plants, service, aggregate))
        tree.put(f"{base}/api/routes/{aggregate.var}_commands.py", command_routes(aggregate))
    tree.put(f"{base}/application/commands.py", commands(service))
    tree.put(handlers_path(service), domain_event_handlers(rng, service))
    tree.put(f"{base}/application/consumers.py", consumers(service))
    tree.put(f"{base}/infrastructure/messaging.py", messaging(service))
    for index, (aggregate, verb) in enumerate(plants.crossing.get(service.name, [])):
        path = f"{base}/application/{aggregate.service}_{aggregate.var}_sync.py"
        if path in tree:
            path = path[:-3] + f"_{index}.py"
        tree.put(path, crossing(service, aggregate, verb))
