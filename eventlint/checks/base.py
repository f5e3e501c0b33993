"""What the rules share: the rule declaration, the configuration keys they read, where an event is defined."""

from __future__ import annotations

from eventlint.checks.rule import Fix, Option, Rule, Safety
from eventlint.index.catalogue import EventClass
from eventlint.model import RelatedLocation

_STRINGS = "list of strings"
_PATTERNS = "list of call patterns"

DOMAIN_BASES = Option("events.domain-bases", _STRINGS, "the classes whose subclasses are domain events")
INTEGRATION_BASES = Option("events.integration-bases", _STRINGS, "the classes whose subclasses are integration events")
IGNORE_NAMES = Option("naming.ignore-names", "list of glob patterns", "class names the naming rules never judge")
PAST_TENSE_WORDS = Option("naming.past-tense-words", _STRINGS, "more words that read as past tense")
CONTEXTS = Option("contexts.<name>.modules", "list of module prefixes", "the modules each bounded context owns")
PUBLISHED_LANGUAGE = Option("context-map.published-language", "list of modules", "the contracts every context may import")
CONTRACT_MODULES = Option("context-map.contract-modules", "list of modules", "more modules whose classes are contract types")
SHARED_KERNELS = Option("context-map.shared-kernels", "list of context lists", "contexts that may share domain events")
RELATIONSHIPS = Option("context-map.relationships", 'list of "upstream -> downstream"', "the declared event flows")
BROKER = Option("dispatch.broker", _PATTERNS, "calls that send to a message broker")
LOCAL = Option("dispatch.local", _PATTERNS, "in-process, synchronous dispatch calls")
OUTBOX = Option("dispatch.outbox", _PATTERNS, "calls that write to a transactional outbox")
COMMIT = Option("dispatch.commit", _PATTERNS, "calls that commit the unit of work")
TRANSACTION = Option("dispatch.transaction", _PATTERNS, "context managers and decorators that commit on exit")
AFTER_COMMIT = Option("dispatch.after-commit", _PATTERNS, "hooks whose callback runs after the commit")
SUBSCRIBER = Option("dispatch.subscriber", _PATTERNS, "decorators that register event handlers")
DISABLE_PRESETS = Option("dispatch.disable-presets", "list of preset names", "built-in presets switched off")


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
    "Option",
    "Rule",
    "Safety",
    "defined_here",
]
