"""Which files can matter to the rules: the vocabulary, then the names that lead to it.

A file is *relevant* when its text mentions the event vocabulary (see
`eventlint.facts.vocabulary`) or a name that leads to it. A name leads to the
vocabulary when a relevant file binds it at top level with a statement that
mentions the vocabulary or uses such a name: an alias of an event base, a
class whose body publishes, a subclass of an event, a re-export. The closure
is computed over parsed files only, growing until no unparsed file mentions a
name of it.

Why skipping the rest changes no finding: every finding needs an event class,
or a call the patterns recognise. A class is an event only through a base the
text of its statement names, and a call is recognised only through the
attribute it ends with or a name bound to it; either is a vocabulary word or a
name of the closure, which the file's text would hold. Types reach a function
only through names its text holds (imports, annotations, base classes whose
bodies are then in the closure too). Modules that are only *consulted* while
resolving names (a re-export, an entity typed in a contract) are read on
demand by the index, so resolution is the same as with every file parsed.

EVL304 needs no event but a transaction or a commit and a send in one
function: a file holding a word of both of its groups (the vocabulary's
`dispatch`) is relevant, and so is one binding another name to such a word
(`tx = transaction.atomic`), whose names (`names_aliasing`, the words
themselves left out: a file using them holds them) lead to them as the
event closure does. That is how a call reaches a transaction or a send its
text does not spell. A generator context manager whose statement names a
word opening a transaction (`names_wrapping`) leads to one too: `with
traced_atomic_transaction():` opens the transaction it wraps. A call of a huey task (`remind(order.pk)`) spells no
send at all: the run makes `huey` a word of the vocabulary
(`eventlint.checks.selection`), so the queue, the functions it decorates and
the names importing them lead to it as names lead to events.

A star import (`from shop.events import *`) binds names its text never
spells: such a file is relevant when a module it star-imports is relevant
(or the scan cannot tell which module it names). A module that is not
relevant binds no name leading to events and defines no event, so a star
import of it brings none; one outside the project brings none the index
could resolve. A tree without any event vocabulary thus parses nothing.
"""

from __future__ import annotations

import array
import bisect
from collections.abc import Callable, Iterable

from eventlint.facts.records import Binding, ModuleFacts


def names_leading_to_events(bindings: Iterable[Binding], bases: Iterable[str] = ()) -> set[str]:
    """Top-level names whose statement mentions the vocabulary, or uses such a name (the closure).

    `bases` are the names of the configured event bases. Such a name may be an
    alias (`from base import BaseEvent as Event`): what an alias of one stands
    for, followed through further aliases, leads to events too, since classes
    that never say `Event` derive from it.
    """
    bindings = list(bindings)
    aliases: dict[str, list[Binding]] = {}
    for binding in bindings:
        if binding.alias:
            aliases.setdefault(binding.name, []).append(binding)
    eventful: set[str] = set(bases)
    queue: list[str] = list(eventful)
    while queue:  # back along the aliases of the bases
        for alias in aliases.get(queue.pop(), ()):
            for used in alias.uses:
                if used not in eventful:
                    eventful.add(used)
                    queue.append(used)
    queue = list(eventful)
    waiting: dict[str, list[Binding]] = {}
    for binding in bindings:
        if binding.mentions_vocabulary:
            if binding.name not in eventful:
                eventful.add(binding.name)
                queue.append(binding.name)
        else:
            for used in binding.uses:
                waiting.setdefault(used, []).append(binding)
    while queue:
        name = queue.pop()
        for binding in waiting.pop(name, ()):
            if binding.name not in eventful:
                eventful.add(binding.name)
                queue.append(binding.name)
    return eventful


def names_aliasing(bindings: Iterable[Binding], *groups: frozenset[str]) -> set[str]:
    """Top-level names that are aliases of the dispatch words (`tx = transaction.atomic`), through further aliases.

    Only an alias stands for what it names: a function or class that merely
    calls `transaction.atomic()` is no transaction a caller's text could
    open, so it does not lead to one (following every use, as for events,
    would pull in every module that names a class of a module that commits).
    Each group of words is followed on its own; the words themselves are left out.
    """
    if not any(groups):
        return set()
    waiting: dict[str, list[str]] = {}
    for binding in bindings:
        if binding.alias:
            for used in (binding.name, *binding.uses):
                waiting.setdefault(used, []).append(binding.name)
    return {name for words in groups for name in _aliasing(waiting, words) - words}


def _aliasing(waiting: dict[str, list[str]], words: frozenset[str]) -> set[str]:
    found: set[str] = set()
    queue = [word for word in words if word in waiting]
    followed = set(queue)
    while queue:
        for name in waiting.get(queue.pop(), ()):
            found.add(name)
            if name not in followed:
                followed.add(name)
                queue.append(name)
    return found


def names_wrapping(bindings: Iterable[Binding], words: frozenset[str]) -> set[str]:
    """Top-level generator context managers that may open a transaction: `@contextmanager` and a word of `words`.

    `with traced_atomic_transaction():` opens the transaction its function
    opens around its `yield` (`eventlint.index.wrapped_transactions`): a text
    naming such a function may open a transaction without spelling one.
    """
    if not words:
        return set()
    found: set[str] = set()
    for binding in bindings:
        if binding.alias:
            continue
        finals = {used.rpartition(".")[2] for used in binding.uses}
        if finals & _CONTEXT_MANAGERS and finals & words:
            found.add(binding.name)
    return found


_CONTEXT_MANAGERS = frozenset({"contextmanager", "asynccontextmanager"})


def names_deriving_from_events(modules: Iterable[ModuleFacts], hits: Callable[[str], bool]) -> set[str]:
    """The narrower closure a survey follows: classes the vocabulary names, and their families.

    A class counts when its name or a name its bases use is a word of the
    vocabulary or of the closure; an import or alias when what it stands for
    counts. Events, their bases and subclasses, and every name importing them
    are found so; following every use, as a check does, would pull most of a
    framework in through one `threading.Event`.
    """
    eventful: set[str] = set()
    waiting: dict[str, list[str]] = {}

    def note(name: str, parts: Iterable[str]) -> None:
        parts = set(parts)
        if hits(name) or any(hits(part) for part in parts):
            eventful.add(name)
        else:
            for part in parts:
                waiting.setdefault(part, []).append(name)

    for facts in modules:
        for cls in facts.classes:
            note(cls.name, (part for base in cls.bases for part in base.split(".")))
        for binding in facts.bindings:
            if binding.alias:
                note(binding.name, binding.uses)
    queue = list(eventful)
    while queue:
        for name in waiting.pop(queue.pop(), ()):
            if name not in eventful:
                eventful.add(name)
                queue.append(name)
    return eventful


class WordIndex:
    """Which of the files scanned in this run hold which words (file numbers, not paths: small)."""

    def __init__(self) -> None:
        self._holders: dict[str, list[int]] = {}

    def add(self, number: int, words: Iterable[str]) -> None:
        """Record the words of file `number`."""
        holders = self._holders
        for word in words:
            found = holders.get(word)
            if found is None:
                holders[word] = [number]
            else:
                found.append(number)

    def holding(self, words: Iterable[str]) -> set[int]:
        """The files holding any of `words`."""
        found: set[int] = set()
        for word in words:
            found.update(self._holders.get(word, ()))
        return found

    def held_by(self, words: Iterable[str]) -> dict[int, set[str]]:
        """For each file, which of `words` it holds."""
        found: dict[int, set[str]] = {}
        for word in words:
            for number in self._holders.get(word, ()):
                found.setdefault(number, set()).add(word)
        return found


def star_targets(module: str, is_package: bool, written: Iterable[str]) -> set[str]:
    """The absolute modules a file star-imports (`written` as its text has them, `*` for one unread).

    Relative names resolve as the extractor resolves them, so a target is the
    very module the index would read (`""` above the top: none).
    """
    found: set[str] = set()
    for name in written:
        level = len(name) - len(name.lstrip("."))
        if not level:
            found.add(name)
            continue
        parts = module.split(".") if module else []
        if not is_package:
            parts = parts[:-1]
        if level > 1:
            parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
        rest = name[level:]
        if rest:
            parts.append(rest)
        found.add(".".join(parts))
    return found


class WordPrint:
    """A file's words as the sorted hashes of them: whether it holds a word, in a few bytes a word.

    A long-running process keeps one per file it scanned, so that a name that
    starts to lead to events (a new event class) is looked up in every file
    without reading any again. Two words of one hash make a file look as if
    it held both: it is then parsed for nothing, never skipped.
    """

    __slots__ = ("_hashes",)

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = array.array("q", sorted({hash(word) for word in words}))

    def holds(self, word: str) -> bool:
        """Whether the file holds `word` (or, rarely, another word of the same hash)."""
        hashes = self._hashes
        at = bisect.bisect_left(hashes, hash(word))
        return at < len(hashes) and hashes[at] == hash(word)
