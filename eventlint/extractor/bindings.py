"""The top-level bindings of a module, with the words their statements use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from eventlint.facts.records import Binding
from eventlint.facts.vocabulary import Vocabulary


@dataclass
class BindingStatement:
    """A top-level statement binding names, while the words it uses are collected."""

    names: list[str]
    words: set[str] = field(default_factory=set)
    dotted: list[str] = field(default_factory=list)
    imported: tuple[str, ...] = ()
    alias: bool = False


def binding_facts(statements: Iterable[BindingStatement], heads: set[str], vocabulary: Vocabulary) -> tuple[Binding, ...]:
    """One `Binding` per name bound; `heads` are the module's top-level names.

    A statement *uses* the top-level names it reads, with the attributes read
    from them (`events.OrderPlaced` uses `events` and `OrderPlaced`), and what
    an import imports; it *mentions the vocabulary* when any word in it does.
    """
    found: list[Binding] = []
    for statement in statements:
        uses: set[str] = set(statement.imported)
        for dotted in statement.dotted:
            parts = dotted.split(".")
            statement.words.update(parts)
            if parts[0] in heads:
                uses.update(parts)
        mentions = any(vocabulary.hits(word) for word in statement.words)
        found.extend(Binding(name, mentions, tuple(sorted(uses)), statement.alias) for name in statement.names)
    return tuple(found)
