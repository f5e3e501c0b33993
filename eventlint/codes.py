"""The central table of rule codes: one row per rule, the contract users rely on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleCode:
    """A rule's public identity: code, slug naming the bad thing, default, summary."""

    code: str
    name: str
    summary: str
    default_on: bool = True


CODES: tuple[RuleCode, ...] = (
    RuleCode("EVL001", "unparsable-file", "a file that cannot be read, decoded or parsed"),
    RuleCode("EVL002", "unused-noqa", "a `# noqa` eventlint code that suppresses nothing where it stands", default_on=False),
    RuleCode("EVL101", "domain-event-suffix", "a domain event whose class name does not end in `DomainEvent`"),
    RuleCode("EVL102", "integration-event-suffix", "an integration event whose class name does not end in `IntegrationEvent`"),
    RuleCode("EVL103", "suffix-contradicts-kind", "an event class whose suffix names the other kind of event"),
    RuleCode("EVL104", "event-not-past-tense", "an event name that does not say what already happened"),
    RuleCode("EVL105", "suffix-without-base", "a class named like an event that derives from no event base"),
    RuleCode("EVL201", "domain-event-crosses-context", "a domain event used outside its own bounded context"),
    RuleCode("EVL202", "domain-event-to-broker", "a domain event passed to a broker or outbox call"),
    RuleCode("EVL203", "domain-event-in-published-language", "a domain event defined in a published-language module"),
    RuleCode(
        "EVL301",
        "integration-event-dispatched-synchronously",
        "an integration event passed to an in-process bus or straight to another context's handler",
    ),
    RuleCode(
        "EVL302",
        "integration-event-before-commit",
        "an integration event published to a broker inside a transaction or before its commit",
    ),
    RuleCode(
        "EVL303",
        "integration-event-exposes-domain-model",
        "an integration event field typed with a bounded context's internal class",
    ),
    RuleCode(
        "EVL401",
        "undeclared-event-flow",
        "an integration event consumed by a context with no declared relationship to its publisher",
    ),
)

BY_CODE: dict[str, RuleCode] = {}
for _row in CODES:
    if _row.code in BY_CODE:  # pragma: no cover - guarded by import
        raise RuntimeError(f"duplicate rule code {_row.code}")
    BY_CODE[_row.code] = _row


def codes_matching(prefix: str) -> list[str]:
    """Every code a selector such as `EVL`, `EVL2` or `EVL201` covers (`ALL` covers all)."""
    if prefix == "ALL":
        return [row.code for row in CODES]
    return [row.code for row in CODES if row.code.startswith(prefix)]
