"""What the rules share: the rule declaration, the configuration keys they read, where an event is defined."""

from __future__ import annotations

from eventlint.checks.rule import Fix, Rule, Safety
from eventlint.config.keys import (
    AFTER_COMMIT,
    BROKER,
    COMMIT,
    CONTEXTS,
    CONTRACT_MODULES,
    DISABLE_PRESETS,
    DOMAIN_BASES,
    IGNORE_NAMES,
    INTEGRATION_BASES,
    LOCAL,
    OUTBOX,
    PAST_TENSE_WORDS,
    PUBLISHED_LANGUAGE,
    RELATIONSHIPS,
    SHARED_KERNELS,
    SUBSCRIBER,
    TRANSACTION,
)
from eventlint.index.catalogue import EventClass
from eventlint.model import RelatedLocation


def defined_here(event: EventClass) -> RelatedLocation:
    """The related location pointing at an event's class definition."""
    return RelatedLocation(event.source.display, event.span, f"`{event.name}` is defined here")


__all__ = [
    "AFTER_COMMIT",
    "BROKER",
    "COMMIT",
    "CONTEXTS",
    "CONTRACT_MODULES",
    "DISABLE_PRESETS",
    "DOMAIN_BASES",
    "IGNORE_NAMES",
    "INTEGRATION_BASES",
    "LOCAL",
    "OUTBOX",
    "PAST_TENSE_WORDS",
    "PUBLISHED_LANGUAGE",
    "RELATIONSHIPS",
    "SHARED_KERNELS",
    "SUBSCRIBER",
    "TRANSACTION",
    "Fix",
    "Rule",
    "Safety",
    "defined_here",
]
