"""The registry: every rule, in one explicit ordered list, and the codes users rely on read from it."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from eventlint.checks.boundaries import CROSSING, IN_PUBLISHED_LANGUAGE
from eventlint.checks.declared_flows import UNDECLARED_FLOW
from eventlint.checks.messages import SENT_BEFORE_COMMIT
from eventlint.checks.naming import CONTRADICTION, DOMAIN_SUFFIX, INTEGRATION_SUFFIX, PAST_TENSE, WITHOUT_BASE
from eventlint.checks.published_language import EXPOSED_MODEL
from eventlint.checks.rule import Rule
from eventlint.checks.transactions import BEFORE_COMMIT
from eventlint.checks.transport import SYNCHRONOUS, TO_BROKER
from eventlint.checks.unparsable import UNPARSABLE
from eventlint.checks.unused_noqa import UNUSED_NOQA

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
    SENT_BEFORE_COMMIT,
    UNDECLARED_FLOW,
)

_BY_CODE: dict[str, Rule] = {}
for _rule in RULES:
    if _rule.code in _BY_CODE:
        raise RuntimeError(f"rule {_rule.code} is registered twice")
    _BY_CODE[_rule.code] = _rule

_PREFIX = "EVL"  # how every rule's code begins; other tools' codes (`E501`) begin otherwise


def registry() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    return RULES


def by_code() -> Mapping[str, Rule]:
    """The rules by code."""
    return _BY_CODE


def is_eventlint_code(code: str) -> bool:
    """Whether a code of a `# noqa:` comment is eventlint's to judge (`E501` is another tool's)."""
    return code.startswith(_PREFIX)


def codes_matching(prefix: str) -> list[str]:
    """Every code a selector such as `EVL`, `EVL2` or `EVL201` covers (`ALL` covers all)."""
    if prefix == "ALL":
        return [rule.code for rule in registry()]
    return [rule.code for rule in registry() if rule.code.startswith(prefix)]


def rule_named(name: str) -> Rule | str:
    """The rule `name` names, by its code or its slug, in any case; else a hint at the nearest slug
    (`""` when none is near)."""
    wanted = name.strip()
    slugs = {rule.name: rule for rule in registry()}
    found = by_code().get(wanted.upper()) or slugs.get(wanted.lower())
    if found is not None:
        return found
    near = difflib.get_close_matches(wanted.lower(), list(slugs), n=1)
    return near[0] if near else ""


def option_codes(option: str, value: str | None) -> tuple[tuple[str, ...] | None, list[str]]:
    """The codes a comma-separated option gives (`--select EVL1,EVL2`), and its problems, one line each.

    An empty code is a problem, not a code: as a selector it would match every rule.
    """
    if value is None:
        return None, []
    parts = [code.strip().upper() for code in value.split(",")]
    if not any(parts) and option == "--select":
        return None, [f"{option}: no rule code given (a run that selects nothing checks nothing)"]
    problems = []
    for number, code in enumerate(parts):
        if not code:
            problems.append(f"{option}: empty rule code at position {number + 1} of '{value}' (it would match every rule)")
        elif not codes_matching(code):
            problems.append(f"{option}: unknown rule code '{code}'")
    return tuple(parts), problems
