"""Domain and integration event classes: the clean ones, and the planted misnamed or misplaced ones (each marked ``# expect: EVLnnn``)."""

from __future__ import annotations

#: The docstring of a service's contracts module (its integration events).
CONTRACTS_MODULE = (
    "Integration events published by the {service} service.\n\n"
    "Consumers in other services depend on these classes: change them only\n"
    "in a backwards-compatible way."
)

#: The docstring of a service's domain events module.
DOMAIN_EVENTS_MODULE = (
    "Domain events of the {service} context.\n\n"
    "They are raised by the aggregates and dispatched in-process by the mediator,\n"
    "inside the unit of work; other services learn about the changes through the\n"
    "integration events of ``mono.contracts.{service}``."
)


PUBLIC_SUMMARY = '''
    @dataclass(frozen=True)
    class $summary:
        """The public summary of a $what, part of the published language."""

        id: int
        name: str
        status: str
'''


INTEGRATION_EVENT = '''
    @dataclass(frozen=True, kw_only=True)
    class $cls(IntegrationEvent):
        """Published once a $what was $past and the change committed."""

        ${var}_id: int
        actor: str
        note: str = ""
        version: int = 0
'''


UNSUFFIXED_INTEGRATION_EVENT = '''
    @dataclass(frozen=True, kw_only=True)
    class $cls(IntegrationEvent):  # expect: EVL102
        """Published when a $what was $past to the data warehouse."""

        ${var}_id: int
        target: str
'''


DOMAIN_EVENT_IN_CONTRACTS = '''
    @dataclass(frozen=True, kw_only=True)
    class $cls(DomainEvent):  # expect: EVL203
        """Recorded when the $what snapshot job ran (kept here for the reporting team)."""

        ${var}_id: int
        rows: int
'''


DOMAIN_EVENT = '''
    @dataclass(frozen=True, kw_only=True)
    class $cls(DomainEvent):
        """A $what was $past."""

        ${var}_id: int
        actor: str
        note: str = ""
'''


COMMAND_NAMED_EVENT = '''
    @dataclass(frozen=True, kw_only=True)
    class ${prefix}${agg}DomainEvent(DomainEvent):  # expect: EVL104
        """Raised when the $what workflow asks for a new $what."""

        ${var}_id: int
        requested_by: str
'''


UNSUFFIXED_DOMAIN_EVENT = '''
    @dataclass(frozen=True, kw_only=True)
    class ${agg}${past}(DomainEvent):  # expect: EVL101
        """A $what was $lower by the back office."""

        ${var}_id: int
        reason: str
'''


BASELESS_EVENT = '''
    @dataclass(frozen=True)
    class ${agg}${past}DomainEvent:  # expect: EVL105
        """A $what was $lower from the legacy system (written before the base existed)."""

        ${var}_id: int
        source: str
'''
