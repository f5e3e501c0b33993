"""What a function does that its callers' findings rely on: open a transaction itself, publish an integration event."""

from __future__ import annotations

from eventlint.facts import FunctionFact, Value, WithStep
from eventlint.index.call_sites import CallSites, Carried, Site
from eventlint.index.scopes import walk
from eventlint.model import EventKind, Role


def opens_transaction(calls: CallSites, key: str, function: FunctionFact) -> bool:
    """Whether a project function opens a transaction itself (lambdas never do: they open no block)."""
    if function.is_lambda:
        return False
    scope = None
    values: list[Value] = list(function.decorators)
    values.extend(item for step in walk(function.body) if isinstance(step, WithStep) for item in step.items)
    for value in values:
        scope = scope or calls.scope(key)
        if calls.value_roles(scope, value, (Role.TRANSACTION,)):
            return True
    return False


def publishes(site: Site) -> list[Carried]:
    """The integration events a broker call publishes (the events asked first: most calls carry none)."""
    integration = [carried for carried in site.events if carried.kind is EventKind.INTEGRATION]
    if not integration or Role.BROKER not in site.roles:
        return []
    return integration


def publishing_call(sites: list[Site]) -> Site | None:
    """The first call by which a function's own body publishes an integration event (None: none, or it commits).

    A function that commits itself runs its own transaction: whether its
    publish comes after that commit is judged inside it, not at its callers.
    """
    publishing = next((site for site in sites if publishes(site)), None)
    if publishing is None or any(Role.COMMIT in site.roles for site in sites):
        return None
    return publishing
