"""The event vocabulary: the words without which a text cannot matter to any rule.

Every finding concerns an event: an event class (named by the `DomainEvent`
or `IntegrationEvent` in its name or in its base's, or deriving from a
configured base), or a call that carries one. A dispatch, publish or commit
matters only beside an event the same code names, or a call of code that
publishes one. So a file whose text holds none of these words, and no name
that leads to them (see `eventlint.pipeline.relevance`), cannot define, name or carry
an event: skipping it changes no finding. The one rule that judges calls with
no event, EVL304 (a message sent before a commit), needs a transaction or a
commit in the sending function: its words are the names those calls end with
(`atomic`, `commit`, ...), added by the run (`eventlint.checks.selection`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# Any class whose name holds these is an event, an event base or named like one.
EVENT_WORDS = ("DomainEvent", "IntegrationEvent")
# An identifier as Python reads one (Unicode letters included).
IDENTIFIER = re.compile(r"[^\W\d]\w*")
# `from x import *` binds names no text spells out. Each pattern is linear in
# the text: a run of one character class, never two quantifiers that could
# share the same characters (`\s*\(?\s*` backtracks quadratically over blank lines).
STAR_IMPORT = r"\bimport[\s\\(]*\*"
STAR_IMPORT_FROM = r"\bfrom[\s\\]+([.\w]+)[\s\\]*\bimport[\s\\(]*\*"


class WholeWords:
    """Words searched for whole in a text: plain substring searches first, the pattern only where one is.

    With `called`, only where the code may call one, decorate with it or enter it: `word(` (not
    `def word(`), or `x.word`, `@word`, `with word`, `, word`, `(word` ending an expression there
    (`:`, `,`, `)`, `(`, `as`, the line's end). A word in prose (`opens a transaction`) or used
    as an object (`transaction.settled`) does not count. A superset of where a call, a decorator
    or a `with` item names it, comments and strings included. Each place a word stands is
    looked at once, around it: linear in the text.
    """

    def __init__(self, words: Iterable[str], called: bool = False) -> None:
        self.words = tuple(sorted(set(words)))
        self.called = called
        longest_first = sorted(self.words, key=lambda word: (-len(word), word))
        self.alternatives = "|".join(map(re.escape, longest_first))
        self._pattern = re.compile(rf"\b(?:{self.alternatives})\b") if self.words else None

    def found_in(self, text: str) -> bool:
        """Whether the text holds one of the words, whole (and, with `called`, where code may call it)."""
        pattern = self._pattern
        if pattern is None or not any(word in text for word in self.words):
            return False
        for match in pattern.finditer(text):
            if not self.called:
                return True
            start, end = match.span()
            if _CALLED.match(text, end) is not None:
                if not text.endswith("def ", 0, start):
                    return True
            elif _ENDED.match(text, end) is not None and _after_opener(text, start):
                return True
        return False


_CALLED = re.compile(r"[\s\\]*\(")
_ENDED = re.compile(r"(?m)[\s\\]*(?:[:,)#]|as\b|$)")


def _after_opener(text: str, start: int) -> bool:
    """Whether what precedes `start` (blanks aside) is `.`, `@`, `,`, `(` or the keyword `with`."""
    before = start - 1
    while before >= 0 and text[before] in " \t\r\n\\":
        before -= 1
    if before >= 0 and text[before] in ".@,(":
        return True
    return text.endswith("with", 0, before + 1) and (before < 4 or not _WORD_CHARACTER.match(text[before - 4]))


_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class Vocabulary:
    """Whole words (the configured event bases' names) and the event-name fragments.

    `fragments` are parts of a name that make it an event's: `DomainEvent`
    and `IntegrationEvent` for a check; a survey of a project that names no
    base yet looks for wider ones (`Event`), and follows class families only.

    `dispatch` are groups of words that make a text matter without an event,
    when it may call a word of every group (EVL304: a transaction or commit,
    and a send), or when it binds another name to one of them (`tx =
    transaction.atomic`, `import atomic as tx`): the names aliasing them lead
    to them (`eventlint.pipeline.relevance.names_aliasing`), not every use.
    `opening` are words that make a text matter on their own where it may call
    one (EVL304: opening a transaction, whose callees run in it), `named`
    wherever the text holds one (EVL304: the model signals whose receivers run
    in the saver's transaction, the routers whose views run in the request's);
    the aliases of `opening` words count as the dispatch words'.
    """

    words: frozenset[str] = frozenset()
    fragments: tuple[str, ...] = EVENT_WORDS
    # Follow class families only (`eventlint.pipeline.relevance.names_deriving_from_events`), not every use.
    families: bool = False
    dispatch: tuple[frozenset[str], ...] = ()
    opening: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()
    _whole: WholeWords = field(init=False, repr=False, compare=False)
    _groups: tuple[WholeWords, ...] = field(init=False, repr=False, compare=False)
    _alone: tuple[WholeWords, ...] = field(init=False, repr=False, compare=False)
    _aliasing: _Aliasing | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        whole = WholeWords(word for word in self.words if not any(fragment in word for fragment in self.fragments))
        object.__setattr__(self, "_whole", whole)
        groups = tuple(WholeWords(group, called=True) for group in self.dispatch)
        object.__setattr__(self, "_groups", groups)
        alone = (WholeWords(self.opening, called=True), WholeWords(self.named))
        object.__setattr__(self, "_alone", tuple(words for words in alone if words.words))
        every = WholeWords(word for group in (*self.dispatch, self.opening) for word in group)
        aliasing = _Aliasing(every) if every.words else None
        object.__setattr__(self, "_aliasing", aliasing)

    def __reduce__(
        self,
    ) -> tuple[
        type[Vocabulary],
        tuple[frozenset[str], tuple[str, ...], bool, tuple[frozenset[str], ...], frozenset[str], frozenset[str]],
    ]:
        return (Vocabulary, (self.words, self.fragments, self.families, self.dispatch, self.opening, self.named))

    @property
    def fingerprint(self) -> str:
        """Stable digest of the vocabulary: part of every cache key of facts."""
        dispatch = tuple(line for group in (*self.dispatch, self.opening, self.named) for line in ("", *sorted(group)))
        text = "\n".join((*self.fragments, "", *sorted(self.words), "", str(self.families), *dispatch))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

    def hits(self, word: str) -> bool:
        """Whether one identifier is a word of the vocabulary."""
        return word in self.words or any(fragment in word for fragment in self.fragments)

    def mentioned_in(self, text: str) -> bool:
        """Whether a text holds a word of the vocabulary, a word of every dispatch group, or an alias of one.

        Plain substring searches first: they run at memory speed, and most
        texts are decided by them. Star imports are judged apart (`star_imports`).
        """
        text = as_python_reads(text)
        if any(fragment in text for fragment in self.fragments) or self._whole.found_in(text):
            return True
        if any(words.found_in(text) for words in self._alone):
            return True
        if not self._groups:
            return False
        if all(group.found_in(text) for group in self._groups):
            return True
        aliasing = self._aliasing
        return aliasing is not None and aliasing.search(text)


# Another name bound to a dispatch word at the top of a module: `import atomic as tx`, or `tx = transaction.atomic`
# (the assignment of a dotted name, the extractor's alias), at the start of a line (or after a `;`), indented only
# where a compound statement starts a line (`if`, `try`, ...: its block is the module's too). Supersets: a string
# or a comment may match. Linear: each run of one character class, never two quantifiers over the same characters.
ALIASING_IMPORT = r"(?m)\b(?:{words})[ \t]+as[ \t]+\w+[ \t]*(?:$|[,);#])"
ALIASING_ASSIGNMENT = r"(?m)(?:^{indent}|;[ \t]*)\w+[ \t]*=[\s(\\]*(?:\w+[\s\\]*\.[\s\\]*)*(?:{words})[ \t)\\]*(?:$|[;#])"
# Cheap first: a word that ends a statement or is imported `as` another name, looked at where each word stands.
_ALIASED = re.compile(r"(?m)[ \t)\\]*(?:$|[;#])|[ \t]+as\b")
_COMPOUND_AT_TOP = re.compile(r"(?m)^(?:if|try|else|elif|except|finally|with|for|while|match|async)\b")


class _Aliasing:
    """Whether a text may bind another name to one of some words, at the top of the module."""

    def __init__(self, words: WholeWords) -> None:
        self.words = re.compile(rf"\b(?:{words.alternatives})\b")
        self.imported = re.compile(ALIASING_IMPORT.format(words=words.alternatives))
        self.top = re.compile(ALIASING_ASSIGNMENT.format(words=words.alternatives, indent=""))
        self.nested = re.compile(ALIASING_ASSIGNMENT.format(words=words.alternatives, indent="[ \t]*"))

    def search(self, text: str) -> bool:
        if not any(_ALIASED.match(text, match.end()) for match in self.words.finditer(text)):
            return False
        if self.imported.search(text) is not None or self.top.search(text) is not None:
            return True
        return _COMPOUND_AT_TOP.search(text) is not None and self.nested.search(text) is not None


_STAR_IMPORT = re.compile(STAR_IMPORT)
_STAR_IMPORT_FROM = re.compile(STAR_IMPORT_FROM)


UNREAD_STAR_IMPORT = "*"


def star_imports(text: str) -> tuple[str, ...]:
    """The modules a text star-imports, as written (`.models`, `shop.events`); `*` for one it cannot read.

    A superset: a star import in a comment or a string counts too. One whose
    module the scan cannot read (`from .. shop import *`) is `*`, which
    makes the file relevant whatever it imports; one after a `#` or a quote
    on its line is no statement, and counts only when it names a module.
    """
    if "*" not in text:
        return ()
    modules = [match.group(1) for match in _STAR_IMPORT_FROM.finditer(text)]
    found = tuple(dict.fromkeys(modules))
    if _statement_star_imports(text) > len(modules):
        found += (UNREAD_STAR_IMPORT,)
    return found


def _statement_star_imports(text: str) -> int:
    """How many `import *` may be statements: none after a `#` or a quote on its line (a comment, a string).

    One pass: each stretch of the text is searched once, so a long line of
    `import *` costs no more than its length.
    """
    count = 0
    checked = 0  # the text before this is known
    quoted = False  # the current line has a `#` or a quote before `checked`
    for match in _STAR_IMPORT.finditer(text):
        start = match.start()
        newline = text.rfind("\n", checked, start)
        if newline >= 0:
            checked, quoted = newline + 1, False
        if not quoted:
            quoted = _COMMENT_OR_QUOTE.search(text, checked, start) is not None
        checked = start
        count += not quoted
    return count


_COMMENT_OR_QUOTE = re.compile(r"[#'\"]")


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
