"""The registered rules, in one explicit ordered list: the registry every table and check reads."""

from __future__ import annotations

from eventlint.checks.boundaries import CROSSING, IN_PUBLISHED_LANGUAGE
from eventlint.checks.contracts import EXPOSED_MODEL
from eventlint.checks.dispatch import SYNCHRONOUS, TO_BROKER
from eventlint.checks.flows import UNDECLARED_FLOW
from eventlint.checks.naming import CONTRADICTION, DOMAIN_SUFFIX, INTEGRATION_SUFFIX, PAST_TENSE, WITHOUT_BASE
from eventlint.checks.reading import UNPARSABLE, UNUSED_NOQA
from eventlint.checks.transactions import BEFORE_COMMIT
from eventlint.rule import Rule

RULES: tuple[Rule, ...] = (
    UNPARSABLE,
    UNUSED_NOQA,
    DOMAIN_SUFFIX,
    INTEGRATION_SUFFIX,
    CONTRADICTION,
    PAST_TENSE,
    WITHOUT_BASE,
    CROSSING,
    TO_BROKER,
    IN_PUBLISHED_LANGUAGE,
    SYNCHRONOUS,
    BEFORE_COMMIT,
    EXPOSED_MODEL,
    UNDECLARED_FLOW,
)

BY_CODE: dict[str, Rule] = {}
for _rule in RULES:
    if _rule.code in BY_CODE:
        raise RuntimeError(f"rule {_rule.code} is registered twice")
    BY_CODE[_rule.code] = _rule

__all__ = ["BY_CODE", "RULES", "Rule"]
