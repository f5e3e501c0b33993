"""Identifiers as Python reads them: NFKC-normalised (PEP 3131).

`ＯrderPlacedDomainEvent` (a fullwidth O) and `OrderPlacedDomainEvent` are one
name to Python, so they must be one name to eventlint, or a look-alike spelling
hides an event from every rule. The text is parsed with its identifiers
normalised, and only them (strings and comments keep their characters);
where a normalised name is longer or shorter, columns are mapped back onto
the file as written.
"""

from __future__ import annotations

import io
import tokenize
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from eventlint.facts.source_text import one_line_ending, source_lines
from eventlint.model import Span

_Node = TypeVar("_Node")

# Per line: (end column of a normalised name in the parsed text, 0-based; characters it gained).
Shifts = dict[int, list[tuple[int, int]]]


def needs_normalising(text: str) -> bool:
    """Whether some text may hold an identifier Python reads differently (cheap: C-level checks)."""
    return not text.isascii() and not unicodedata.is_normalized("NFKC", text)


def normalised_identifiers(text: str) -> tuple[str, Shifts]:
    """The text with each identifier in NFKC, and the column shifts that made; as is when it does not tokenize."""
    if not needs_normalising(text):
        return text, {}
    lines = source_lines(text, keepends=True)  # numbered as the tokenizer numbers them
    edits: dict[int, list[tuple[int, int, str]]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(one_line_ending(text)).readline):
            if token.type == tokenize.NAME and not token.string.isascii():
                name = unicodedata.normalize("NFKC", token.string)
                if name != token.string and token.start[0] == token.end[0]:
                    edits.setdefault(token.start[0], []).append((token.start[1], token.end[1], name))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return text, {}  # the parser gives its verdict on the text as written
    shifts: Shifts = {}
    for number, changes in edits.items():
        line, gained, at = lines[number - 1], 0, 0
        pieces: list[str] = []
        for start, end, name in changes:
            pieces.extend((line[at:start], name))
            at = end
            gained += len(name) - (end - start)
            shifts.setdefault(number, []).append((start + gained + (end - start), len(name) - (end - start)))
        pieces.append(line[at:])
        lines[number - 1] = "".join(pieces)
    return "".join(lines), shifts


def remapped(span: Callable[[_Node], Span], shifts: Shifts) -> Callable[[_Node], Span]:
    """`span`, with columns moved back to where they stand in the file as written."""
    if not shifts:
        return span

    def original(node: _Node) -> Span:
        found = span(node)
        return Span(
            found.line,
            _column(shifts, found.line, found.column),
            found.end_line,
            _column(shifts, found.end_line, found.end_column),
        )

    return original


def _column(shifts: Shifts, line: int, column: int) -> int:
    """A 1-based column of the parsed text, in the file as written."""
    moved = sum(gained for end, gained in shifts.get(line, ()) if end <= column - 1)
    return max(1, column - moved)
