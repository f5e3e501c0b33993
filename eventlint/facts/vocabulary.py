"""The event vocabulary: the words without which a text cannot matter to any rule.

A finding needs an event class (its name, or that of an event base), or a
call that dispatches, publishes or commits (the attribute the call ends with,
as every dispatch pattern names it). A file whose text holds none of these
words, and no name that leads to them (see `eventlint.relevance`), cannot
define, name or carry an event, nor publish, dispatch or commit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# Any class whose name holds these is an event, an event base or named like one.
EVENT_WORDS = ("DomainEvent", "IntegrationEvent")
# An identifier as Python reads one (Unicode letters included).
IDENTIFIER = re.compile(r"[^\W\d]\w*")
# `from x import *` binds names no text spells out.
STAR_IMPORT = r"\bimport\s*\(?\s*\*"


@dataclass(frozen=True)
class Vocabulary:
    """Whole words (the calls of dispatch patterns, configured event bases) and event-name fragments."""

    words: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        alternatives = [re.escape(fragment) for fragment in EVENT_WORDS]
        if self.words:
            longest_first = sorted(self.words, key=lambda word: (-len(word), word))
            alternatives.append(r"\b(?:" + "|".join(re.escape(word) for word in longest_first) + r")\b")
        alternatives.append(STAR_IMPORT)
        object.__setattr__(self, "_pattern", re.compile("|".join(alternatives)))

    def __reduce__(self) -> tuple[type[Vocabulary], tuple[frozenset[str]]]:
        return (Vocabulary, (self.words,))

    @property
    def fingerprint(self) -> str:
        """Stable digest of the vocabulary: part of every cache key of facts."""
        text = "\n".join((*EVENT_WORDS, "", *sorted(self.words)))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

    def hits(self, word: str) -> bool:
        """Whether one identifier is a word of the vocabulary."""
        return word in self.words or any(fragment in word for fragment in EVENT_WORDS)

    def mentioned_in(self, text: str) -> bool:
        """Whether a text holds a word of the vocabulary, or a star import (which may bind any name)."""
        return self._pattern.search(text) is not None


def identifiers(text: str) -> set[str]:
    """Every identifier-like word of a text, comments and strings included: a superset."""
    return set(IDENTIFIER.findall(text))
