"""The registered rules, in one explicit ordered list."""

from __future__ import annotations

from eventlint.checks.base import Rule
from eventlint.checks.boundaries import BOUNDARY_RULES
from eventlint.checks.contracts import CONTRACT_RULES
from eventlint.checks.dispatch import DISPATCH_RULES
from eventlint.checks.flows import FLOW_RULES
from eventlint.checks.naming import NAMING_RULES
from eventlint.checks.transactions import TRANSACTION_RULES
from eventlint.codes import BY_CODE

RULES: tuple[Rule, ...] = (*NAMING_RULES, *BOUNDARY_RULES, *DISPATCH_RULES, *TRANSACTION_RULES, *CONTRACT_RULES, *FLOW_RULES)

_seen: set[str] = set()
for _rule in RULES:
    if _rule.code in _seen or _rule.code not in BY_CODE:
        raise RuntimeError(f"rule {_rule.code} is registered twice or missing from the code table")
    _seen.add(_rule.code)

__all__ = ["RULES", "Rule"]
