"""The event vocabulary: the words without which a text cannot matter to any rule.

Every finding concerns an event: an event class (named by the `DomainEvent`
or `IntegrationEvent` in its name or in its base's, or deriving from a
configured base), or a call that carries one. A dispatch, publish or commit
matters only beside an event the same code names, or a call of code that
publishes one. So a file whose text holds none of these words, and no name
that leads to them (see `eventlint.relevance`), cannot define, name or carry
an event: skipping it changes no finding.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

# Any class whose name holds these is an event, an event base or named like one.
EVENT_WORDS = ("DomainEvent", "IntegrationEvent")
# An identifier as Python reads one (Unicode letters included).
IDENTIFIER = re.compile(r"[^\W\d]\w*")
# `from x import *` binds names no text spells out.
STAR_IMPORT = r"\bimport\s*\(?\s*\*"


@dataclass(frozen=True)
class Vocabulary:
    """Whole words (the configured event bases' names) and the event-name fragments."""

    words: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = sorted(word for word in self.words if not any(fragment in word for fragment in EVENT_WORDS))
        longest_first = sorted(words, key=lambda word: (-len(word), word))
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")\b") if words else None
        object.__setattr__(self, "_pattern", pattern)

    def __reduce__(self) -> tuple[type[Vocabulary], tuple[frozenset[str]]]:
        return (Vocabulary, (self.words,))

    @property
    def fingerprint(self) -> str:
        """Stable digest of the vocabulary: part of every cache key of facts."""
        text = "\n".join((*EVENT_WORDS, "", *sorted(self.words)))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

    def hits(self, word: str) -> bool:
        """Whether one identifier is a word of the vocabulary."""
        return word in self.words or "DomainEvent" in word or "IntegrationEvent" in word  # EVENT_WORDS

    def mentioned_in(self, text: str) -> bool:
        """Whether a text holds a word of the vocabulary, or a star import (which may bind any name).

        Plain substring searches first: they run at memory speed, and most
        texts are decided by them.
        """
        text = as_python_reads(text)
        if any(fragment in text for fragment in EVENT_WORDS):
            return True
        if self._pattern is not None and any(word in text for word in self.words) and self._pattern.search(text):
            return True
        return "*" in text and _STAR_IMPORT.search(text) is not None


_STAR_IMPORT = re.compile(STAR_IMPORT)


def identifiers(text: str) -> set[str]:
    """Every identifier-like word of a text that may name a binding of another module.

    Comments and strings are included (a superset). The module path of a
    `from a.b import c` is left out: it names modules, never a binding made
    in another module, so a package called like such a binding (`app`) does
    not make every file importing from it look as if it used the binding.
    """
    return set(IDENTIFIER.findall(_FROM_PATH.sub(r"\1 \2", as_python_reads(text))))


def as_python_reads(text: str) -> str:
    """The text in NFKC, the form Python gives its identifiers (`Ｏrder` is `Order`): a superset for searches."""
    return text if text.isascii() or unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


_FROM_PATH = re.compile(r"(?m)^([ \t]*from[ \t]+)[.\w]+([ \t]+import\b)")
