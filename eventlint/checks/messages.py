"""EVL304: a message to another process (a task enqueued, a broker publish) leaves only once its transaction commits.

Any broker call counts, whatever it carries (`notify.delay(order.pk)`): its
consumer runs in another process, which reads the database the sender has
not committed yet. When it runs is `eventlint.checks.timing`'s backward pass,
as for EVL302; a send carrying an integration event is EVL302's and is not
reported twice. A send deferred to after the commit (in a callback given to
`transaction.on_commit`, or Celery's `delay_on_commit`) is not a send of the
function the callback is written in.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import (
    AFTER_COMMIT,
    BROKER,
    COMMIT,
    DISABLE_PRESETS,
    OUTBOX,
    TRANSACTION,
    Fix,
    Rule,
    Safety,
)
from eventlint.checks.deferral import FunctionDeferrals
from eventlint.checks.outer_transactions import OuterTransactions, outer_transactions
from eventlint.index.call_sites import Site
from eventlint.index.deferred_tasks import sent_after_commit
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind, FixAction, PublishAfterCommit, Role


def _sends(site: Site) -> bool:
    """Whether a call sends a message that is EVL304's: a broker call carrying no integration event.

    A task whose base class defers its own sends to the commit is sent after commit, however it is called.
    """
    if Role.BROKER not in site.roles or Role.OUTBOX in site.roles:
        return False
    if any(carried.kind is EventKind.INTEGRATION for carried in site.events):
        return False
    return not site.calls.guarded(site, lambda: sent_after_commit(site.calls, site), False)


def check_sent_before_commit(project: Project) -> Iterator[Diagnostic]:
    """EVL304: a message sent to another process inside a transaction or before its commit."""
    calls = project.calls
    outer = outer_transactions(project)
    reported: set[int] = set()  # the sends judged by their own function's transaction, by id of step
    for key, module, function in project.judged_functions():
        if function.is_lambda:
            continue
        sites = calls.by_function.get(key, [])
        sending = [site for site in sites if _sends(site)]
        if not sending:
            continue
        timing = outer.timing(key, function)  # computed once, whether the function sends or opens a transaction
        deferrals: FunctionDeferrals | None = None  # where its sends can be deferred to, once one needs it
        for site in sending:
            when = timing.get(id(site.step))
            if when is None or not when.premature or outer.raises_after(site) or outer.deferred_elsewhere(site):
                continue  # on time, sent on purpose before a rollback that surely follows, or as the arguments say
            deferrals = deferrals or FunctionDeferrals(project, key, module, function)
            deferral = deferrals.of(site)
            fix = PublishAfterCommit(site.step.span.line, deferral.hook) if deferral.hook and deferral.django else None
            refused = deferral.refused or (
                "" if fix else "the fix defers a send only into Django's `transaction.on_commit`, inside `atomic()` blocks"
            )
            opened = deferrals.opened(site)
            reported.add(id(site.step))
            yield SENT_BEFORE_COMMIT.finding(
                site.source,
                site.step.span,
                context=project.contexts.context_of(module),
                related=(opened,) if opened is not None else (),
                fix=fix,
                unfixable=None if fix else refused,
                call=site.shown,
                why=when.why,
            )
    yield from _sent_in_outer_transactions(project, outer, reported)


def _sent_in_outer_transactions(project: Project, outers: OuterTransactions, reported: set[int]) -> Iterator[Diagnostic]:
    """The sends of functions running inside a transaction a caller, a request or a model save opened."""
    calls = project.calls
    for key, outer in outers.outer.items():
        for site in calls.sites_of(key):
            if id(site.step) in reported or not project.judges(site.module) or not _sends(site):
                continue
            if outers.raises_after(site) or outers.deferred_elsewhere(site):
                continue
            reported.add(id(site.step))
            yield SENT_BEFORE_COMMIT.finding(
                site.source,
                site.step.span,
                context=project.contexts.context_of(site.module),
                related=outer.opened,
                unfixable="the transaction is opened outside the sending function: defer the send there "
                "(`transaction.on_commit`, `delay_on_commit`) or where the transaction is opened",
                call=site.shown,
                why=outer.why,
            )


SENT_BEFORE_COMMIT = Rule(
    "EVL304",
    "message-sent-before-commit",
    "a task or broker message sent to another process inside a transaction or before its commit",
    {
        "": "`{call}` sends a message to another process {why}: it may be handled before the commit, or after a "
        "rollback; send it after commit (`transaction.on_commit`, `delay_on_commit`) or through an outbox",
    },
    check_sent_before_commit,
    fix=Fix(
        FixAction.PUBLISH_AFTER_COMMIT,
        "Send in an after-commit callback",
        Safety.UNSAFE,
        "the message is sent later than before, and not at all when the transaction rolls back",
    ),
    options=(BROKER, COMMIT, TRANSACTION, AFTER_COMMIT, OUTBOX, DISABLE_PRESETS),
)
