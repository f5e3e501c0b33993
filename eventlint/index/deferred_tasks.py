"""Tasks whose own class sends them after commit: `@app.task(base=TransactionAwareTask)`.

A Celery task made with `base=` a project class whose `apply_async` (or
`delay`) hands the send to an after-commit hook (`transaction.on_commit`)
leaves only once the transaction commits, whatever `delay` or `apply_async`
its callers write: such a call is no send before commit. The class is
resolved statically, its methods looked up along its project ancestors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventlint.model import Role

if TYPE_CHECKING:
    from eventlint.index.call_sites import CallSites, Site

_SENDING = ("apply_async", "delay")


def sent_after_commit(calls: CallSites, site: Site) -> bool:
    """Whether a task's `delay` / `apply_async` goes through its base class's after-commit hook."""
    if site.final not in _SENDING:
        return False
    callee = site.callee
    task = callee.name.rpartition(".")[0] if callee is not None else ""
    located = calls.index.function(task) if task else None
    if located is None:
        return False
    module, function = located
    scope = calls.scope(f"{module}.<module>")
    for decorator in function.decorators:
        base = next((arg.value for arg in decorator.args if arg.keyword == "base"), None) if decorator.kind == "call" else None
        resolved = scope.resolve(base.dotted) if base is not None and base.kind == "name" else None
        if resolved is not None and not resolved.instance and _defers(calls, resolved.name):
            return True
    return False


def _defers(calls: CallSites, task_class: str) -> bool:
    """Whether a project task class's `apply_async` or `delay` calls an after-commit hook."""
    if not calls.index.is_class(task_class):
        return False
    for name in _SENDING:
        method = calls.index.method(f"{task_class}.{name}")
        if method is None:
            continue
        key = f"{method[0]}.{method[1].qualname}"
        if any(Role.AFTER_COMMIT in other.roles for other in calls.sites_of(key)):
            return True
    return False
