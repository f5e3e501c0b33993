"""One gitignore line, compiled, and matched in time linear in the path.

Git's rules: a line without a `/` (a trailing one aside) matches a name at any
depth, one with a `/` is anchored to the folder of its file; `*` and `?` never
match a `/`; `**/` spans any number of folders, a trailing `/**` everything
inside; `[...]` is a set; `\\` escapes; `!` negates; a trailing `/` matches
folders only; trailing spaces are dropped unless escaped. A line git accepts
but that can match nothing (`!`, `obj\\`, an unclosed `[`) matches nothing
here either.

Matching runs the pattern over the text as a set of positions reached after
each token (never backtracking), so `**/a/**/b/**/c` against a path thousands
of folders deep, or `*a*a*a*b` against a long name, costs the pattern's length
times the text's, where a regular expression would take minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_POSIX: dict[str, Callable[[str], bool]] = {
    "alpha": str.isalpha,
    "digit": lambda char: "0" <= char <= "9",
    "alnum": str.isalnum,
    "upper": str.isupper,
    "lower": str.islower,
    "space": str.isspace,
    "blank": lambda char: char in " \t",
    "xdigit": lambda char: char in "0123456789abcdefABCDEF",
    "punct": lambda char: char.isprintable() and not char.isalnum() and not char.isspace(),
    "print": str.isprintable,
    "graph": lambda char: char.isprintable() and not char.isspace(),
    "cntrl": lambda char: ord(char) < 32 or ord(char) == 127,
}


@dataclass(frozen=True)
class CharSet:
    """`[...]`: characters, ranges and POSIX classes, perhaps negated; never a `/`."""

    negated: bool
    chars: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    classes: tuple[str, ...]

    def __contains__(self, char: str) -> bool:
        if char == "/":
            return False
        found = (
            char in self.chars
            or any(low <= char <= high for low, high in self.ranges)
            or any(_POSIX[name](char) for name in self.classes)
        )
        return found != self.negated


# Tokens: a literal character, ANY (`?`), a CharSet, STAR (`*`), FOLDERS (`**/`: nothing or
# anything ending in `/`), INSIDE (a trailing `**`: anything, `/` included).
ANY, STAR, FOLDERS, INSIDE = "?any", "?star", "?folders", "?inside"
Token = str | CharSet


@dataclass(frozen=True)
class Glob:
    """One compiled gitignore line."""

    negated: bool
    folder_only: bool
    anchored: bool  # matched against the path below the pattern's folder, not against a name
    tokens: tuple[Token, ...]
    # The common patterns (`*.egg-info`, `build/**`: one `*` or `**` at most) as a regular
    # expression, which cannot backtrack more than once over the text: faster in C.
    expression: re.Pattern[str] | None = field(default=None, compare=False)

    def ends(self, text: str) -> set[int]:
        """The lengths of the prefixes of `text` the pattern matches entirely."""
        return _run(self.tokens, text)

    def hits(self, text: str, ends: list[int]) -> list[int]:
        """Which of the prefix lengths `ends` of `text` the pattern matches entirely."""
        if self.expression is not None:
            return [end for end in ends if self.expression.fullmatch(text, 0, end)]
        reached = _run(self.tokens, text)
        return [end for end in ends if end in reached]


def compile_line(line: str) -> Glob | None:
    """A gitignore line compiled, or None for a comment, a blank line or one that can match nothing."""
    line = line.rstrip("\r\n")
    if not line or line.startswith("#"):
        return None
    line = _strip_trailing_spaces(line)
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    folder_only = line.endswith("/") and not _escaped_at(line, len(line) - 1)
    if folder_only:
        line = line[:-1]
    if not line:
        return None
    anchored = "/" in line
    line = line[1:] if line.startswith("/") else line
    tokens = _tokens(line, anchored)
    if tokens is None:
        return None
    return Glob(negated, folder_only, anchored, tokens, _expression(tokens))


def _expression(tokens: tuple[Token, ...]) -> re.Pattern[str] | None:
    """The tokens as a regular expression, when one cannot backtrack into minutes (one unbounded token at most)."""
    if sum(token in (STAR, FOLDERS, INSIDE) for token in tokens) > 1 or any(isinstance(t, CharSet) for t in tokens):
        return None
    pieces = {ANY: "[^/]", STAR: "[^/]*", FOLDERS: "(?:.*/)?", INSIDE: ".*"}
    return re.compile("".join(pieces.get(token, re.escape(token)) for token in tokens if isinstance(token, str)), re.DOTALL)


def problem(pattern: str) -> str | None:
    """Why a pattern given in the configuration can match nothing (None when it can match)."""
    if pattern.strip().startswith("#"):
        return f"'{pattern}' is a comment in gitignore's syntax and matches nothing (escape it: '\\#')"
    if compile_line(pattern) is not None:
        return None
    if _strip_trailing_spaces(pattern).endswith("\\"):
        return f"'{pattern}' ends with a lone '\\', so it matches nothing (write '\\\\' for a backslash)"
    if "[" in pattern:
        return f"'{pattern}' has a '[' that no ']' closes, so it matches nothing (write '\\[' for a bracket)"
    return f"'{pattern}' names no file or folder"


def _escaped_at(line: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and line[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _strip_trailing_spaces(line: str) -> str:
    end = len(line)
    while end and line[end - 1] == " " and not _escaped_at(line, end - 1):
        end -= 1
    return line[:end]


def _tokens(pattern: str, anchored: bool) -> tuple[Token, ...] | None:
    """The tokens of a pattern, or None when git's matcher would give up on it (it then matches nothing)."""
    tokens: list[Token] = []
    index, size = 0, len(pattern)
    # Git compares an anchored pattern's literal head apart, then matches the rest as a pattern of
    # its own: a `**` right after that head counts as starting a folder (`a**/b` matches `ab`).
    head = next((at for at, char in enumerate(pattern) if char in "*?[\\"), size) if anchored else -1
    while index < size:
        char = pattern[index]
        if char == "\\":
            if index + 1 == size:
                return None  # a trailing backslash
            tokens.append(pattern[index + 1])
            index += 2
        elif char == "*":
            end = index
            while end < size and pattern[end] == "*":
                end += 1
            starts = index == 0 or pattern[index - 1] == "/" or index == head
            whole_part = starts and (end == size or pattern[end] == "/")
            if end - index >= 2 and whole_part and end < size:  # `**/`: any folders, none included
                tokens.append(FOLDERS)
                end += 1
            elif end - index >= 2 and whole_part and index > 0:  # a trailing `/**`: anything after
                tokens.append(INSIDE)
            else:
                tokens.append(STAR)
            index = end
        elif char == "?":
            tokens.append(ANY)
            index += 1
        elif char == "[":
            found = _charset(pattern, index + 1)
            if found is None:
                return None  # unclosed: git's wildmatch aborts
            charset, index = found
            tokens.append(charset)
        else:
            tokens.append(char)
            index += 1
    return tuple(tokens)


def _charset(part: str, index: int) -> tuple[CharSet, int] | None:
    negated = index < len(part) and part[index] in "!^"
    index += negated
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    classes: list[str] = []
    first = True
    while index < len(part):
        char = part[index]
        if char == "]" and not first:
            return CharSet(negated, frozenset(chars), tuple(ranges), tuple(classes)), index + 1
        first = False
        if char == "[" and part.startswith("[:", index):
            close = part.find(":]", index + 2)
            name = part[index + 2 : close] if close != -1 else ""
            if name not in _POSIX:
                return None
            classes.append(name)
            index = close + 2
            continue
        if char == "\\":
            index += 1
            if index == len(part):
                return None
            char = part[index]
        if index + 2 < len(part) and part[index + 1] == "-" and part[index + 2] != "]":
            high = part[index + 2]
            if high == "\\" and index + 3 < len(part):
                high, index = part[index + 3], index + 1
            ranges.append((char, high))
            index += 3
            continue
        chars.add(char)
        index += 1
    return None


def _run(tokens: tuple[Token, ...], text: str) -> set[int]:
    """Every position the whole pattern can end at, each token advancing a set of positions."""
    size = len(text)
    positions = {0}
    for token in tokens:
        if not positions:
            return positions
        if token == STAR:
            positions = _spread(positions, text)
        elif token == FOLDERS:
            start = min(positions)
            positions = positions | {index + 1 for index in range(start, size) if text[index] == "/"}
        elif token == INSIDE:
            start = min(positions)
            positions = set(range(start, size + 1))
        elif token == ANY:
            positions = {p + 1 for p in positions if p < size and text[p] != "/"}
        elif isinstance(token, CharSet):
            positions = {p + 1 for p in positions if p < size and text[p] in token}
        else:
            positions = {p + 1 for p in positions if p < size and text[p] == token}
    return positions


def _spread(positions: set[int], text: str) -> set[int]:
    """The positions `*` reaches from `positions`: up to the next `/`, each reached once."""
    reached: set[int] = set()
    covered = -1
    for start in sorted(positions):
        if start <= covered:  # inside a stretch already spread over
            continue
        index = start
        reached.add(index)
        while index < len(text) and text[index] != "/":
            index += 1
            reached.add(index)
        covered = index
    return reached
