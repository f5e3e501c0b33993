"""Which rules a run reports (`select`, `ignore`), and the vocabulary they need the files screened for."""

from __future__ import annotations

from eventlint.checks.messages import SENT_BEFORE_COMMIT
from eventlint.checks.registry import codes_matching, registry
from eventlint.checks.unused_noqa import UNUSED_NOQA
from eventlint.config.settings import Config
from eventlint.facts.vocabulary import Vocabulary
from eventlint.index.call_patterns import active_patterns
from eventlint.index.django import MODEL_SIGNALS, VIEW_ROUTERS
from eventlint.model import Role


def vocabulary_of(config: Config) -> Vocabulary:
    """The configured event bases' class names, beside the event-name fragments every run knows.

    Dispatch calls need no words of their own: a dispatch, publish or commit
    only matters to a rule together with an event the same code names. But
    EVL304 judges any message sent before a commit, event or not: its finding
    needs a transaction or a commit and a send in one function, each a call
    whose name the text holds (the name a `transaction`, `commit` or
    `broker` pattern ends with: `atomic`, `commit`, `delay`, `send`, ...;
    `chord` for `chord(header)(callback)`) or a name aliasing one: the
    vocabulary's two `dispatch` groups. A call of a function a decorator
    makes a send (`@huey.task()`) spells none: the decorator's library is a
    word. Or a
    transaction opened elsewhere: by a caller, whose text calls a
    `transaction` word (`opening`), or around the save that fires a model
    signal receiver, whose text names the signal, or a request to a view
    that a router decorates, whose text names the router's library
    (`named`); the functions they call are read on demand, as are the
    settings and `urls` modules.
    """
    words = {name.rpartition(".")[2] for name in (*config.domain_bases, *config.integration_bases)}
    words.discard("")
    enabled = enabled_codes(config)
    if UNUSED_NOQA.code in enabled:
        words.update(("noqa", "NOQA", "Noqa"))  # EVL002 judges every noqa comment, also where no event is named
    dispatch: tuple[frozenset[str], ...] = ()
    opening: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()
    if SENT_BEFORE_COMMIT.code in enabled:
        patterns = active_patterns(config)
        transactions = frozenset(pattern.called for role in (Role.TRANSACTION, Role.COMMIT) for pattern in patterns[role])
        sends = frozenset(pattern.spelled for pattern in patterns[Role.BROKER] if pattern.spelled)
        dispatch = (transactions, sends)
        # A call of a function a decorator makes a send (`@huey.task()`, then `remind(...)`) spells no word of
        # the sends: the decorator's library (`huey`) is a word as an event base's name is, so the names
        # leading to it (the queue, the functions it decorates, the names importing them) lead to events.
        words.update(
            pattern.decorated[0].partition(".")[0]
            for pattern in patterns[Role.BROKER]
            if pattern.decorated is not None and not pattern.spelled
        )
        opening = frozenset(pattern.called for pattern in patterns[Role.TRANSACTION])
        named = MODEL_SIGNALS | VIEW_ROUTERS
    return Vocabulary(frozenset(words), dispatch=dispatch, opening=opening, named=named)


def enabled_codes(config: Config) -> frozenset[str]:
    """The codes a run reports: selected (default: every rule on by default), not ignored.

    As in ruff, the more specific selector wins: `select = ["EVL201"]` with
    `ignore = ["EVL2"]` keeps EVL201.
    """
    weight: dict[str, tuple[int, bool]] = {}
    if config.select is None:
        for row in registry():
            if row.default_on:
                weight[row.code] = (0, True)
    for selectors, on in ((config.select or (), True), (config.ignore, False)):
        for selector in selectors:
            strength = 0 if selector == "ALL" else len(selector)
            for code in codes_matching(selector):
                current = weight.get(code)
                if current is None or strength >= current[0]:
                    weight[code] = (strength, on)
    return frozenset(code for code, (_, on) in weight.items() if on)
