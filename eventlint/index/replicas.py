"""Read replicas: a Django `atomic()` block on a replica database opens no write transaction.

`transaction.atomic(using="replica")` (or a constant naming one, such as
saleor's `settings.DATABASE_CONNECTION_REPLICA_NAME`) runs its block on a
read-only copy: nothing in it can be rolled back, so nothing sent from it
is too early. Only the alias's name tells, statically: a word of its own
naming a replica or a read database. Anything else stays a transaction.
"""

from __future__ import annotations

import re

from eventlint.facts import AssignStep, Value
from eventlint.index.names import ProjectIndex
from eventlint.index.scopes import FunctionScope, walk

# A database alias naming a read replica: `replica`, `read`, `reader`, `readonly`, `read_only`, `replicas`, ... as a
# word of its own (`DATABASE_CONNECTION_REPLICA_NAME`, `"read-replica"`, `readReplica`), not `thread` or `spreadsheet`.
_REPLICA_WORD = re.compile(r"(?:^|[^a-z])(?:replicas?|read|reads|reader|readers|readonly|read_only)(?:$|[^a-z])")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def is_replica_alias(text: str) -> bool:
    """Whether a database alias, or the name of a constant holding one, names a read replica."""
    return _REPLICA_WORD.search(_CAMEL.sub("_", text).lower()) is not None


def replica_database(scope: FunctionScope, atomic: Value) -> bool:
    """Whether `atomic(using=X)` (or `atomic(X)`) opens its block on a read replica: no write transaction.

    X is a string literal naming one, or a constant whose upper-case name names one
    (`settings.DATABASE_CONNECTION_REPLICA_NAME`) or whose module-level
    string literal does (`READ_DB = "read"`). Anything else (no `using`, a
    parameter, a computed alias) is a write transaction, as before.
    """
    using = next((arg.value for arg in atomic.args if arg.keyword == "using"), None)
    if using is None and atomic.args and atomic.args[0].keyword is None:
        using = atomic.args[0].value
    if using is None:
        return False
    if using.kind == "text":
        return is_replica_alias(using.dotted)
    if using.kind != "name" or scope.binds(using.dotted.partition(".")[0]):
        return False
    constant = using.dotted.rpartition(".")[2]
    if constant.isupper() and is_replica_alias(constant):
        return True
    resolved = scope.resolve(using.dotted)
    return resolved is not None and any(is_replica_alias(text) for text in _constant_texts(scope.index, resolved.name))


def _constant_texts(index: ProjectIndex, name: str) -> list[str]:
    """The string literals a module-level constant of the project is bound to ([] when any binding is not one)."""
    module, _, constant = name.rpartition(".")
    located = index.function(f"{module}.<module>")
    if located is None:
        return []
    values = [step.value for step in walk(located[1].body) if isinstance(step, AssignStep) and step.target == constant]
    return [value.dotted for value in values] if values and all(value.kind == "text" for value in values) else []
